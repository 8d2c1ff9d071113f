import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { SlipwayError } from "../errors.js";
import { errorBody } from "./http-error.js";

/** Node's parser codes for requests it could not read, and what each tells the client. */
const STATUS_BY_PARSER_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_INVALID_METHOD: 405,
};

/**
 * Answer a request Node's parser refused (bad request line, header, chunking, size or timeout)
 * with a JSON 4xx and close the connection; no handler ever sees it.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const responding = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (err.code === "ECONNRESET" || !socket.writable || responding) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_PARSER_CODE[err.code ?? ""] ?? 400;
  const refusal = new SlipwayError(
    "bad-request",
    `the request could not be read: ${err.code ?? err.message}`,
    {
      hint: "send a well-formed HTTP/1.1 request (see GET /openapi.json)",
    },
  );
  const body = JSON.stringify(errorBody(refusal)) + "\n";
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}
