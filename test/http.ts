/** Calls a Next route handler the way the server does, with a bearer token and JSON. */
type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(
  handler: Handler,
  { token, method = "GET", path = "/", params = {}, body, rawBody }: {
    token?: string; method?: string; path?: string; params?: Record<string, string>; body?: unknown; rawBody?: string;
  } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const request = new Request(`http://roster.test/api/v1${path}`, {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}
