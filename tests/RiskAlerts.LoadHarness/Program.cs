using RiskAlerts.LoadHarness;

return await LoadRun.MainAsync(args);
