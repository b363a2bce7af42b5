/**
 * The parse thread's entry (bundled as dist/parseWorker.js): parses templates it is sent and
 * answers with what was found. Positions are left to the caller, which holds the text too.
 */
import { parentPort } from 'worker_threads';
import { parseTemplate } from '../core/templateParser';
import { ParseReply, ParseRequest } from './parseProtocol';

const port = parentPort;
if (port === null) {
  throw new Error('parseWorker runs only as a worker thread.');
}

port.on('message', (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    const { images, syntaxErrors } = parseTemplate(request.text);
    reply = { id: request.id, ok: true, images, syntaxErrors };
  } catch (error) {
    reply = { id: request.id, ok: false, message: String(error) };
  }
  port.postMessage(reply);
});
