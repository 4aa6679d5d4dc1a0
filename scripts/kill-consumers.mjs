// The kill test by hand, beside `npm start`: runs the Service Bus consumers (planner, SMS and email
// senders) as a host process of their own against the local run's stand-ins, kills it with SIGKILL
// at random points while a broadcast is being sent, starts it again, and reports what the SMS
// gateway stand-in took (messages, numbers, numbers that got two).
//
//   Consumers__Enabled=false LocalRun__SmsGatewayPort=7081 LocalRun__SmtpPort=2525 npm start   # terminal 1
//   node scripts/kill-consumers.mjs --kills 3                                                 # terminal 2
//   (then submit a broadcast, see README "Killing the consumers by hand")
//
// npm start's own process holds the broker, the SMS gateway and the SMTP server in memory, so killing
// it would lose what they hold; in Azure too the consumers run apart from the stand-ins and the API.
// Options: --kills N (3), --min-delay S (1), --max-delay S (6) between the start of sending (after a
// restart: of sending again) and the next kill, --pid PID (kill this running consumer host first instead of starting
// one), --host-url (http://localhost:7071/), --gateway-port (7081), --smtp-port (2525),
// --tables-port (10002), --broker-port (5672), --port (7072, the consumer host's health endpoint).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const options = parse(process.argv.slice(2), {
  kills: '3', 'min-delay': '1', 'max-delay': '6', pid: '', 'host-url': 'http://localhost:7071/',
  'gateway-port': '7081', 'smtp-port': '2525', 'tables-port': '10002', 'broker-port': '5672', port: '7072',
});
const hostUrl = new URL(options['host-url']);
const gateway = new URL(`http://127.0.0.1:${options['gateway-port']}/`);
const health = new URL(`http://127.0.0.1:${options.port}/healthz`);
const dll = join(root, 'src', 'RiskAlerts.Host', 'bin', 'Release', 'net10.0', 'RiskAlerts.Host.dll');
const logs = join(root, '.local', 'kill-test');

if (!existsSync(dll)) fail(`${dll} is missing: run npm start (it builds the host) or dotnet build RiskAlerts.sln -c Release`);
if (!(await ok(new URL('healthz', hostUrl)))) fail(`nothing answers ${new URL('healthz', hostUrl)}: start the local run first (see the top of this file)`);
if (!(await ok(new URL('v1/faults', gateway)))) fail(`no SMS gateway stand-in at ${gateway}: start npm start with LocalRun__SmsGatewayPort=${options['gateway-port']}`);
mkdirSync(logs, { recursive: true });
// The email links are signed with npm start's key (it writes .local/link-signing-key), so that the
// links in what these consumers send open on npm start's API.
const linkKey = join(root, '.local', 'link-signing-key');
if (!existsSync(linkKey)) fail(`${linkKey} is missing: npm start writes it when it starts`);

// The consumers only, pointed at the local run's stand-ins; receipts go to npm start's API, which stays up.
const environment = {
  ...process.env,
  ASPNETCORE_ENVIRONMENT: 'LocalConsumers',
  DOTNET_ENVIRONMENT: 'LocalConsumers',
  ASPNETCORE_URLS: `http://127.0.0.1:${options.port}`,
  // Azurite's well-known development account (public, documented; not a secret).
  Tables__connectionString: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;'
    + `TableEndpoint=http://127.0.0.1:${options['tables-port']}/devstoreaccount1;`,
  ServiceBus__connectionString: `Endpoint=sb://127.0.0.1:${options['broker-port']};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true`,
  LocalRun__ServeHttpApi: 'false', LocalRun__RunTimers: 'false', LocalRun__StartStandIns: 'false', LocalRun__ProvisionTables: 'false',
  Consumers__Enabled: 'true',
  Sms__Providers__0__Name: 'generic', Sms__Providers__0__Kind: 'Generic', Sms__Providers__0__Endpoint: gateway.href,
  Sms__Providers__0__KeySecret: 'local-gateway-token', Sms__Providers__0__CallbackUrl: new URL('api/receipts/sms/generic', hostUrl).href,
  Email__Host: '127.0.0.1', Email__Port: options['smtp-port'], Email__FromAddress: 'alerts@riskalerts.local',
  Email__AcknowledgeBaseUrl: new URL('api/acknowledge', hostUrl).href, Email__UnsubscribeBaseUrl: new URL('api/unsubscribe', hostUrl).href,
  Links__SigningKey: readFileSync(linkKey, 'utf8').trim(),
};

let starts = 0;
let child = null;
let pid = options.pid ? Number(options.pid) : 0;
process.on('SIGINT', () => { stop(); process.exit(130); });
process.on('SIGTERM', () => { stop(); process.exit(143); });

if (!pid) await start();
const baseline = await taken();
console.log(`Consumer host pid ${pid}. The gateway holds ${baseline.messages} SMS. Waiting for a broadcast to start sending (submit one now)...`);
while ((await taken()).messages === baseline.messages) await sleep(100);

for (let kill = 1; kill <= Number(options.kills); kill++) {
  // Sending again after the restart (or for at most 10 s: the SMS may be done while email goes on).
  const resumed = (await taken()).messages;
  for (let waited = 0; kill > 1 && waited < 10_000 && (await taken()).messages === resumed; waited += 100) await sleep(100);
  const delay = Number(options['min-delay']) + Math.random() * (Number(options['max-delay']) - Number(options['min-delay']));
  await sleep(delay * 1000);
  const before = await taken();
  process.kill(pid, 'SIGKILL');
  await exited(pid);
  console.log(`kill ${kill}: SIGKILL to pid ${pid} after ${delay.toFixed(1)} s, at ${before.messages - baseline.messages} SMS of this broadcast`);
  await start();
}

console.log('Kills done; the consumers keep running. Ctrl+C stops them (SIGTERM).');
for (;;) {
  await sleep(5000);
  const now = await taken();
  console.log(`gateway: ${now.messages - baseline.messages} SMS since the start, ${now.numbers} numbers, ${now.repeated} numbers got more than one`);
}

async function start() {
  starts++;
  const log = join(logs, `consumers-${starts}.log`);
  const fd = openSync(log, 'w');
  child = spawn('dotnet', [dll], { cwd: dirname(dll), env: environment, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  pid = child.pid;
  for (let waited = 0; !(await ok(health)); waited += 200) {
    if (child.exitCode !== null) fail(`the consumer host exited with ${child.exitCode}; see ${log}`);
    if (waited > 90_000) fail(`the consumer host was not healthy within 90 s; see ${log}`);
    await sleep(200);
  }
  console.log(`consumer host started: pid ${pid}, log ${log}`);
}

function stop() {
  if (child && child.exitCode === null) child.kill('SIGTERM');
}

async function exited(processId) {
  for (;;) {
    try { process.kill(processId, 0); } catch { return; }
    if (child && child.pid === processId && child.exitCode !== null) return;
    await sleep(50);
  }
}

async function taken() {
  const response = await fetch(new URL('v1/messages', gateway));
  const { messages } = await response.json();
  const perNumber = new Map();
  for (const m of messages) perNumber.set(m.phone, (perNumber.get(m.phone) ?? 0) + 1);
  return { messages: messages.length, numbers: perNumber.size, repeated: [...perNumber.values()].filter((n) => n > 1).length };
}

async function ok(url) {
  try { return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok; } catch { return false; }
}

function parse(args, defaults) {
  const parsed = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    if (!(name in defaults) || i + 1 >= args.length) fail(`unknown or incomplete option ${args[i]}; see the top of scripts/kill-consumers.mjs`);
    parsed[name] = args[++i];
  }
  return parsed;
}

function fail(message) {
  console.error(message);
  stop();
  process.exit(1);
}
