import { parseArgs } from 'node:util';
import { systemClock } from '../main/common/clock.js';
import { openDatabase } from '../main/db/index.js';
import { Gateway } from '../main/serving/gateway.js';
import { PredictionLog } from '../main/serving/prediction-log.js';

/** A gateway in its own process for the serving benchmark, so the load generator does not share its thread. */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    champion: { type: 'string' },
    shadow: { type: 'string' },
    db: { type: 'string' },
  },
});
const log = new PredictionLog(openDatabase(values.db!), systemClock);
const gateway = new Gateway({ modelName: 'bench', log });
await gateway.setChampion(1, values.champion!);
if (values.shadow) gateway.addShadow(2, values.shadow);
await gateway.app.listen({ host: '127.0.0.1', port: Number(values.port) });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await gateway.close();
  process.exit(0);
});
