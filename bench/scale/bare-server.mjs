// The benchmark's ceiling: Fastify answering a constant, nothing else, in a process of its own.
// Prints the port it listens on, then serves until it is told to stop.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/constant', async () => ({ status: 'ok' }));
app.post('/constant', async () => ({ status: 'ok' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${app.server.address().port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
