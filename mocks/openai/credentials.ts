/**
 * Demo settings of the OpenAI mock. backend/.env.example carries the same values, and the mock
 * accepts exactly this key (`Authorization: Bearer <key>`); any other gets OpenAI's 401.
 */
export const OPENAI_MOCK_API_KEY = 'sk-proj-innkeeperMock00000000000000000000000001';

/** The model .env.example names; the mock answers to any model name and echoes it. */
export const OPENAI_MOCK_MODEL = 'gpt-4.1-mini';

/** Asking for this model turns on the injection-obeying mode for that call (README.md, "Obedient mode"). */
export const OBEDIENT_MODEL = 'mock-obedient';

export const openaiDefaultPort = 4108;
