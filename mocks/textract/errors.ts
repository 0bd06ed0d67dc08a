/**
 * AWS JSON 1.1 errors: HTTP status, `x-amzn-ErrorType` header and a body `{ "__type", "Message" }`
 * that the SDK turns into `err.name` / `err.message`. Textract's own exceptions (in the Smithy
 * model) carry `Message`; the errors of AWS's authentication and request-routing layer, which no
 * service model lists, come with a lower-case `message`, as AWS sends them. Route code throws TextractError; the server
 * writes it.
 */
export class TextractError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
    private readonly messageKey: 'Message' | 'message' = 'Message',
  ) {
    super(message);
  }

  body() {
    return { __type: this.type, [this.messageKey]: this.message };
  }
}

const clientError = (type: string, message: string) => new TextractError(400, type, message);
const frameworkError = (type: string, message: string) => new TextractError(400, type, message, 'message');

export const invalidParameter = () => clientError('InvalidParameterException', 'Request has invalid parameters');
export const unsupportedDocument = () => clientError('UnsupportedDocumentException', 'Request has unsupported document format');
export const badDocument = () => clientError('BadDocumentException', 'Unable to read the document: it may be corrupt, blurred or cut off');
export const documentTooLarge = () => clientError('DocumentTooLargeException', 'Document size exceeds the maximum allowed size of 10485760 bytes');
export const invalidS3Object = () => clientError('InvalidS3ObjectException', 'Unable to get object metadata from S3. Check object key, region and/or access permissions.');
export const serialization = (message: string) => frameworkError('SerializationException', message);
export const unknownOperation = () => frameworkError('UnknownOperationException', 'The requested operation is not recognized by the service.');

export const internalServerError = () => new TextractError(500, 'InternalServerError', 'Internal server error');
/** Textract's overload answer; a server error in the model, so 500. */
export const throttling = () => new TextractError(500, 'ThrottlingException', 'Amazon Textract is temporarily unable to process the request. Try your call again.');
/** The account's transactions-per-second quota: the 400 that the SDK's retry treats as throttling. */
export const throughputExceeded = () =>
  clientError('ProvisionedThroughputExceededException', 'Provisioned rate exceeded. The number of requests exceeded your throughput limit.');

export const missingAuthenticationToken = () => frameworkError('MissingAuthenticationTokenException', 'Missing Authentication Token');
export const incompleteSignature = (message: string) => frameworkError('IncompleteSignatureException', message);
export const invalidSignature = (message: string) => frameworkError('InvalidSignatureException', message);
export const unrecognizedClient = () => frameworkError('UnrecognizedClientException', 'The security token included in the request is invalid.');
