export { eventually } from '@kios/testing';
