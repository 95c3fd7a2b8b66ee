/**
 * Response envelopes (reference §3.4, §7.6). Success: 2xx JSON with `RequestId` plus the API fields.
 * Error: 4xx/5xx JSON `{RequestId, HostId, Code, Message, Recommend}`. No business logic here.
 */
import type { ServerResponse } from "http";
import type { EmulatorError } from "../errors";

export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

export function successBody(requestId: string, fields: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ RequestId: requestId, ...fields });
}

export function errorBody(error: EmulatorError, requestId: string, hostId: string, productName?: string): string {
  const recommend =
    `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}` +
    (productName ? `&product=${productName}` : "") +
    `&requestId=${requestId}`;
  return JSON.stringify({
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: recommend,
  });
}

export function sendJson(res: ServerResponse, status: number, body: string, requestId?: string): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    "Content-Type": JSON_CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(body),
  };
  if (requestId !== undefined) headers["x-acs-request-id"] = requestId;
  res.writeHead(status, headers);
  res.end(body);
}

/** What an Alibaba front end (Tengine) answers when the backend is gone: HTML, not JSON. */
export const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

export function sendBadGateway(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(502, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(BAD_GATEWAY_HTML) });
  res.end(BAD_GATEWAY_HTML);
}
