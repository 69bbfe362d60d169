import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DestinationInquiryRequestDto, type InquiryResultsBody } from '@kios/dana-protocol';
import { RecordDestinationInquiry } from '@kios/ordering';
import { toDanaInquiryResult } from '../dana-api/dana-inquiry.mapper';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';
import { destinationOf } from './dana-destination';

/** Destination Inquiry (docs/dana-protocol.md §3.2): every destination answered, in the order DANA sent them. */
@Controller()
export class DestinationInquiryController {
  constructor(private readonly commands: CommandBus) {}

  @DanaEndpoint({ api: 'destinationInquiry', envelope: DestinationInquiryRequestDto })
  async inquire(@SignedRequest() { request }: DestinationInquiryRequestDto): Promise<InquiryResultsBody> {
    const { productId, destinationInfos } = request.body;
    const answers = await this.commands.execute(
      new RecordDestinationInquiry(
        { productId, destinations: destinationInfos.map(destinationOf) },
        request.head.reqMsgId,
      ),
    );
    return {
      inquiryResults: answers.map((answer, index) => toDanaInquiryResult(answer, destinationInfos[index])),
    };
  }
}
