/** Entry point: configuration from the environment, then listen. */
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';

const config = configFromEnv();
const { app } = await buildApp(config);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

const address = await app.listen({ port: config.port, host: config.host });
const port = (app.server.address() as { port: number }).port;
app.log.info({ port, dataDir: config.dataDir, url: config.publicUrl ?? `http://localhost:${port}` }, `Kring listening on ${address}`);
