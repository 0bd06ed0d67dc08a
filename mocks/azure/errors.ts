/**
 * Azure AI Document Intelligence errors: an HTTP status and the body
 * `{ "error": { "code", "message", "innererror"?: { "code", "message" } } }` (the spec's
 * DocumentIntelligenceErrorResponse; the SDK's `isUnexpected` answers and the poller's message
 * read it). Top-level codes and their statuses are those of Azure's error guide; inner codes name
 * the cause. The API gateway's own answers (401 for the key, 404 for a path or api-version it does
 * not know, 429 for the rate) use the numeric status as the code, as Azure's gateway sends them.
 * Route code throws AzureError; the server writes it.
 */
export interface AzureErrorBody {
  code: string;
  message: string;
  innererror?: { code: string; message: string };
}

export class AzureError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly innererror?: { code: string; message: string },
  ) {
    super(message);
  }

  body(): { error: AzureErrorBody } {
    return { error: { code: this.code, message: this.message, ...(this.innererror ? { innererror: this.innererror } : {}) } };
  }
}

const invalidRequest = (code: string, message: string) => new AzureError(400, 'InvalidRequest', 'Invalid request.', { code, message });

export const invalidContent = () => invalidRequest('InvalidContent', 'The file is corrupted or format is unsupported. Refer to documentation for the list of supported formats.');
export const emptyContent = () => invalidRequest('InvalidContentLength', 'The input content is empty.');
export const contentTooLarge = () => invalidRequest('InvalidContentLength', 'The input content is too large. Refer to documentation for the maximum file size.');
export const invalidParameter = (message: string) => invalidRequest('InvalidParameter', message);
/** What Azure reports when it cannot download the document a `urlSource` names. */
export const contentSourceNotAccessible = () => invalidRequest('ContentSourceNotAccessible', 'Content is not accessible: the document could not be downloaded from the specified URL.');
export const unsupportedMediaType = () => new AzureError(415, 'UnsupportedMediaType', 'Request content type is not supported.');
export const modelNotFound = (modelId: string) => new AzureError(404, 'NotFound', 'Resource not found.', { code: 'ModelNotFound', message: `The requested model ${modelId} was not found.` });
export const resultNotFound = () => new AzureError(404, 'NotFound', 'Resource not found.', { code: 'OperationNotFound', message: 'The requested operation was not found. The identifier may be invalid or the operation may have expired.' });
export const resourceNotFound = () => new AzureError(404, '404', 'Resource not found');
export const missingKey = () => new AzureError(401, '401', 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.');
export const invalidKey = () =>
  new AzureError(401, '401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.');
export const internalServerError = () => new AzureError(500, 'InternalServerError', 'An unexpected error occurred.');
export const rateLimited = (seconds: string) =>
  new AzureError(429, '429', `Requests to the Analyze Document operation under Document Intelligence API have exceeded the rate limit of your current pricing tier. Please retry after ${seconds} second.`);
