import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: IncomingHttpHeaders; body: string; json: any; status: number };

/**
 * A real HTTP receiver on a free port. `respond` picks the status of each request (default 200);
 * every request is recorded with the status it was answered with.
 */
export async function startReceiver(respond: (request: { json: any; count: number }) => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: any = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const status = respond({ json, count: received.length });
      received.push({ headers: request.headers, body, json, status });
      response.writeHead(status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
