// class-transformer keeps `@Type` metadata in this storage; its code is under cjs/, its typings under types/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
