/**
 * Demo settings of the Google Cloud Vision mock. backend/.env.example carries the same values, and
 * the mock accepts exactly this API key, in `?key=` or in the `x-goog-api-key` header (README.md,
 * "Authentication"). Not shaped like a real key (`AIza…`), so secret scanners do not take the demo
 * value for a leak.
 */
export const GOOGLE_VISION_MOCK_API_KEY = 'innkeeperMockGoogleVisionApiKey00000001';

/** Images:annotate takes at most this many images per call (Google's documented limit). */
export const MAX_IMAGES_PER_CALL = 16;

export const googleVisionDefaultPort = 4110;
