import { CreateOrderResponseBodyDto } from '../dto/create-order.dto';
import { DestinationInquiryResponseBodyDto } from '../dto/destination-inquiry.dto';
import { OrderDetailResponseBodyDto } from '../dto/order-detail.dto';
import { ProductQueryResponseBodyDto } from '../dto/product-query.dto';
import { ResultInfoBodyDto } from '../dto/result-info.dto';
import { UserValidateResponseBodyDto } from '../dto/user-validate.dto';
import { signedResponseEnvelope } from './signed-envelope.dto';

/** Response envelopes: kios's answers to APIs 1–4, DANA's answers to the callback and notify. */
export const ProductQueryResponseDto = signedResponseEnvelope(
  ProductQueryResponseBodyDto,
  'ProductQueryResponseDto',
);
export type ProductQueryResponseDto = InstanceType<typeof ProductQueryResponseDto>;

export const DestinationInquiryResponseDto = signedResponseEnvelope(
  DestinationInquiryResponseBodyDto,
  'DestinationInquiryResponseDto',
);
export type DestinationInquiryResponseDto = InstanceType<typeof DestinationInquiryResponseDto>;

export const CreateOrderResponseDto = signedResponseEnvelope(
  CreateOrderResponseBodyDto,
  'CreateOrderResponseDto',
);
export type CreateOrderResponseDto = InstanceType<typeof CreateOrderResponseDto>;

export const OrderDetailResponseDto = signedResponseEnvelope(
  OrderDetailResponseBodyDto,
  'OrderDetailResponseDto',
);
export type OrderDetailResponseDto = InstanceType<typeof OrderDetailResponseDto>;

export const UserValidateResponseDto = signedResponseEnvelope(
  UserValidateResponseBodyDto,
  'UserValidateResponseDto',
);
export type UserValidateResponseDto = InstanceType<typeof UserValidateResponseDto>;

export const ResultInfoResponseDto = signedResponseEnvelope(ResultInfoBodyDto, 'ResultInfoResponseDto');
export type ResultInfoResponseDto = InstanceType<typeof ResultInfoResponseDto>;
