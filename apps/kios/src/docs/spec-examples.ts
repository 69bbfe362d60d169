/** The APIs DANA calls on kios (docs/dana-protocol.md §1.2, rows 1–4, and User Validate, §3.7). */
export type ServedDanaApi =
  'productQuery' | 'destinationInquiry' | 'createOrder' | 'orderQuery' | 'userValidate';

export interface SpecExample {
  section: string;
  request: object;
  response: object;
}

/**
 * The request and response examples of docs/dana-protocol.md §3.1–§3.4 and §3.7, verbatim, signature
 * placeholders included. The first four follow DANA's samples and the third-party evidence; the
 * User Validate one shows kios's own answer, DANA having published none. The OpenAPI document shows
 * them, and a test checks each one against the DTOs.
 */
export const specExamples: Record<ServedDanaApi, SpecExample> = {
  productQuery: {
    section: 'docs/dana-protocol.md §3.1',
    request: {
      request: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.product.query',
          reqTime: '2025-01-15T10:00:00+07:00',
          reqMsgId: '6f1c2a9e-3b7d-4c1e-9a55-1f0c7d2b8e41',
        },
        body: { type: 'MOBILE_CREDIT', provider: 'telkomsel' },
      },
      signature: '<base64>',
    },
    response: {
      response: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.product.query',
          respTime: '2025-01-15T10:00:01+07:00',
          reqMsgId: '6f1c2a9e-3b7d-4c1e-9a55-1f0c7d2b8e41',
        },
        body: {
          products: [
            {
              productId: 'TSEL-10K',
              type: 'MOBILE_CREDIT',
              provider: 'telkomsel',
              price: { value: '1025000', currency: 'IDR' },
              availability: true,
            },
            {
              productId: 'TSEL-25K',
              type: 'MOBILE_CREDIT',
              provider: 'telkomsel',
              price: { value: '2500000', currency: 'IDR' },
              availability: false,
            },
          ],
        },
      },
      signature: '<base64>',
    },
  },
  destinationInquiry: {
    section: 'docs/dana-protocol.md §3.2',
    request: {
      request: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.destination.inquiry',
          reqTime: '2025-01-15T10:05:00+07:00',
          reqMsgId: '0d0a7b1e-8f0e-4a5b-9c3d-2e6f4b1a7c90',
        },
        body: { destinationInfos: [{ primaryParam: '532110012345' }], productId: 'PLN-POSTPAID' },
      },
      signature: '<base64>',
    },
    response: {
      response: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.destination.inquiry',
          respTime: '2025-01-15T10:05:01+07:00',
          reqMsgId: '0d0a7b1e-8f0e-4a5b-9c3d-2e6f4b1a7c90',
        },
        body: {
          inquiryResults: [
            {
              inquiryId: 'INQ-20250115-000123',
              inquiryStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
              destinationInfo: { primaryParam: '532110012345' },
              customerName: 'BUDI SANTOSO',
              baseAmount: { value: '24550000', currency: 'IDR' },
              fineAmount: { value: '0', currency: 'IDR' },
              adminFee: { value: '250000', currency: 'IDR' },
              totalAmount: { value: '24800000', currency: 'IDR' },
              dueDate: '2025-01-20T00:00:00+07:00',
              period: ['2025-01-01T00:00:00+07:00'],
            },
          ],
        },
      },
      signature: '<base64>',
    },
  },
  createOrder: {
    section: 'docs/dana-protocol.md §3.3',
    request: {
      request: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.order.create',
          reqTime: '2025-01-15T10:06:10+07:00',
          reqMsgId: '2b9f4a70-5c11-4d2e-8c0a-77e1e3d9b512',
        },
        body: {
          requestId: '20250115100610123456789',
          productId: 'PLN-POSTPAID',
          destinationInfo: { primaryParam: '532110012345' },
          danaSellingPrice: { value: '24800000', currency: 'IDR' },
          extendInfo: '{"inquiryId":"INQ-20250115-000123"}',
        },
      },
      signature: '<base64>',
    },
    response: {
      response: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.order.create',
          respTime: '2025-01-15T10:06:11+07:00',
          reqMsgId: '2b9f4a70-5c11-4d2e-8c0a-77e1e3d9b512',
        },
        body: {
          order: {
            requestId: '20250115100610123456789',
            orderId: 'ORD-7781002',
            createdTime: '2025-01-15T10:06:11+07:00',
            modifiedTime: '2025-01-15T10:06:11+07:00',
            destinationInfo: { primaryParam: '532110012345' },
            orderStatus: { code: '20', status: 'PENDING', message: 'Pending' },
            serialNumber: '',
            token: '',
            product: {
              productId: 'PLN-POSTPAID',
              type: 'ELECTRICITY_POSTPAID',
              provider: 'pln',
              price: { value: '24800000', currency: 'IDR' },
              availability: true,
            },
            extendInfo:
              '{"baseAmount":{"value":"24550000","currency":"IDR"},"adminFee":{"value":"250000","currency":"IDR"},"fineAmount":{"value":"0","currency":"IDR"}}',
          },
        },
      },
      signature: '<base64>',
    },
  },
  orderQuery: {
    section: 'docs/dana-protocol.md §3.4',
    request: {
      request: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.order.query',
          reqTime: '2018-07-04T12:08:56+07:00',
          reqMsgId: '1234567asdfasdf1123fd123123aasd123',
        },
        body: {
          orderIdentifiers: [
            { orderId: '723894791882739847101', requestId: '2016234891823981234001' },
            { orderId: '723894791882739847100', requestId: '2016234891823981234000' },
          ],
        },
      },
      signature: 'signature string',
    },
    response: {
      response: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.order.query',
          respTime: '2018-07-04T12:08:57+07:00',
          reqMsgId: '1234567asdfasdf1123fd123123aasd123',
        },
        body: {
          orders: [
            {
              requestId: '2016234891823981234001',
              orderId: '723894791882739847101',
              createdTime: '2018-07-04T12:00:00+07:00',
              modifiedTime: '2018-07-04T12:01:30+07:00',
              destinationInfo: { primaryParam: '081234567890' },
              orderStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
              serialNumber: '0412345678901234',
              token: '',
              product: {
                productId: 'TSEL-10K',
                type: 'MOBILE_CREDIT',
                provider: 'telkomsel',
                price: { value: '1025000', currency: 'IDR' },
                availability: true,
              },
            },
            {
              requestId: '2016234891823981234000',
              orderStatus: { code: '40', status: 'EMPTY', message: 'Order Not Found' },
            },
          ],
        },
      },
      signature: '<base64>',
    },
  },
  userValidate: {
    section: 'docs/dana-protocol.md §3.7',
    // Made for kios: DANA's page gives only its product (a BPJS autodebit card) and the empty secondaryParam.
    request: {
      request: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.user.validate',
          reqTime: '2025-01-15T10:10:00+07:00',
          reqMsgId: 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        },
        body: { primaryParam: '0001234567890', secondaryParam: '', productId: 'aggr_bpjs_kesehatan_1' },
      },
      signature: '<base64>',
    },
    response: {
      response: {
        head: {
          version: '2.0',
          function: 'dana.digital.goods.user.validate',
          respTime: '2025-01-15T10:10:01+07:00',
          reqMsgId: 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        },
        body: {
          resultInfo: {
            resultStatus: 'S',
            resultCodeId: '00000000',
            resultCode: 'SUCCESS',
            resultMsg: 'success',
          },
          userStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
          customerName: 'BUDI SANTOSO',
        },
      },
      signature: '<base64>',
    },
  },
};
