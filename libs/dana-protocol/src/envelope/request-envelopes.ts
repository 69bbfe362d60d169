import { CreateOrderBodyDto } from '../dto/create-order.dto';
import { DestinationInquiryBodyDto } from '../dto/destination-inquiry.dto';
import { NotifyProductStatusBodyDto } from '../dto/notify-product-status.dto';
import { OrderCompleteBodyDto } from '../dto/order-complete.dto';
import { OrderDetailBodyDto } from '../dto/order-detail.dto';
import { ProductQueryBodyDto } from '../dto/product-query.dto';
import { UserValidateBodyDto } from '../dto/user-validate.dto';
import { signedRequestEnvelope } from './signed-envelope.dto';

/** Request envelopes of the six APIs (docs/dana-protocol.md §3.1–§3.6). */
export const ProductQueryRequestDto = signedRequestEnvelope(ProductQueryBodyDto, 'ProductQueryRequestDto');
export type ProductQueryRequestDto = InstanceType<typeof ProductQueryRequestDto>;

export const DestinationInquiryRequestDto = signedRequestEnvelope(
  DestinationInquiryBodyDto,
  'DestinationInquiryRequestDto',
);
export type DestinationInquiryRequestDto = InstanceType<typeof DestinationInquiryRequestDto>;

export const CreateOrderRequestDto = signedRequestEnvelope(CreateOrderBodyDto, 'CreateOrderRequestDto');
export type CreateOrderRequestDto = InstanceType<typeof CreateOrderRequestDto>;

export const OrderDetailRequestDto = signedRequestEnvelope(OrderDetailBodyDto, 'OrderDetailRequestDto');
export type OrderDetailRequestDto = InstanceType<typeof OrderDetailRequestDto>;

export const OrderCompleteRequestDto = signedRequestEnvelope(OrderCompleteBodyDto, 'OrderCompleteRequestDto');
export type OrderCompleteRequestDto = InstanceType<typeof OrderCompleteRequestDto>;

export const NotifyProductStatusRequestDto = signedRequestEnvelope(
  NotifyProductStatusBodyDto,
  'NotifyProductStatusRequestDto',
);
export type NotifyProductStatusRequestDto = InstanceType<typeof NotifyProductStatusRequestDto>;

/** User Validate (docs/dana-protocol.md §3.7), optional. */
export const UserValidateRequestDto = signedRequestEnvelope(UserValidateBodyDto, 'UserValidateRequestDto');
export type UserValidateRequestDto = InstanceType<typeof UserValidateRequestDto>;
