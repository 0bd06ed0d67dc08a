/**
 * Demo settings of the Azure AI Document Intelligence mock. backend/.env.example carries the same
 * values, and the mock accepts exactly this key in `Ocp-Apim-Subscription-Key` (README.md,
 * "Authentication"). Real resource keys are 32 hexadecimal characters or longer; this one is
 * recognisable instead.
 */
export const AZURE_MOCK_KEY = 'innkeeperMockDocIntelligenceKey1';

/** The API versions the mock answers: the SDK's default (1.x) and the one of the stored spec. */
export const AZURE_API_VERSIONS = ['2024-11-30', '2025-09-01'] as const;

/** The one model the mock has; any other id is ModelNotFound. */
export const ID_DOCUMENT_MODEL = 'prebuilt-idDocument';

export const azureDefaultPort = 4111;
