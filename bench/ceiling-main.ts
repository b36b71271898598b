import { createServer } from 'node:http';

/** The ceiling: a bare node:http server that parses the JSON body and answers a constant. */
const port = Number(process.argv[2]);
const answer = JSON.stringify({ prediction: '0', probabilities: { '0': 0.9, '1': 0.1 }, model_version: 1 });
createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(answer);
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
