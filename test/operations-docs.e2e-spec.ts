import type { OpenAPIObject, RequestBodyObject } from '@nestjs/swagger';
import { KiosProcess } from './support/kios-process';

describe('API documentation at /docs (issue #9)', () => {
  const kios = new KiosProcess({ env: { KIOS_DOCS: 'on', KIOS_BASE_PATH: '/dana' } });
  let origin: string;

  beforeAll(async () => {
    await kios.start();
    origin = `http://127.0.0.1:${kios.port}`;
  }, 30_000);
  afterAll(() => kios.kill());

  it('serves the OpenAPI document of this kios: DANA endpoints under its base path, with the examples of docs/dana-protocol.md', async () => {
    const response = await fetch(`${origin}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenAPIObject;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/dana/product',
        '/dana/destination/inquiry',
        '/dana/order/create',
        '/dana/order/detail',
        '/ready',
      ]),
    );
    expect(
      (document.paths['/dana/order/create'].post!.requestBody as RequestBodyObject).content[
        'application/json'
      ].example,
    ).toMatchObject({
      request: { head: { function: 'dana.digital.goods.order.create' }, body: { productId: 'PLN-POSTPAID' } },
    });
  });

  it('shows it in Swagger UI, whose files it serves itself', async () => {
    const page = await fetch(`${origin}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain("url: '/docs/openapi.json'");
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']) {
      expect(html).toContain(asset);
      const file = await fetch(`${origin}${asset}`);
      expect(file.status).toBe(200);
      expect((await file.text()).length).toBeGreaterThan(1000);
    }
  });
});
