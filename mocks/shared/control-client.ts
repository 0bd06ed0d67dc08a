/**
 * A test's client for a mock's `/__control` endpoints: GET without a body, POST with a JSON one
 * (or the method given), answering the status and the parsed JSON.
 */
export function controlClient(url: string) {
  return async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
}
