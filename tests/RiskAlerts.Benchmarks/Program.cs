using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: `-- --filter '*Matcher*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
