// `npm test`: the console's unit tests (node's own runner), every .NET test, then the log scan
// over what the hosts the tests started wrote. Fails when any tests fail, when a log holds an
// unmasked phone number or email address, or when there is too little log to scan.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const logs = resolve('artifacts/test-logs');
rmSync(logs, { recursive: true, force: true });
// The hosts write here (see tests/RiskAlerts.TestLogs) and the scan reads the same folder.
process.env.RISKALERTS_TEST_LOG_DIR = logs;

const run = (args, command = 'dotnet') => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
// The console's state logic needs no browser and no build: seconds, so it runs first.
const consoleTests = run(['--test', 'tests/console/'], process.execPath);
const tests = run(['test', 'RiskAlerts.sln', '-c', 'Release']);
// Scanned even after failing tests: a leak is worth knowing about either way.
const scan = run(['run', '--project', 'tests/RiskAlerts.LogScan', '-c', 'Release', '--no-build', '--', logs]);
process.exit([consoleTests, tests, scan].find((status) => status !== 0) ?? 0);
