// Production: Premium Service Bus and zone-redundant storage and messaging, one consumer
// replica always warm (no cold start on the first warning), room to scale for a broadcast.
// az deployment sub create --location <region> --template-file infra/main.bicep --parameters infra/env/prod.bicepparam
using '../main.bicep'

param environmentName = readEnvironmentVariable('RISKALERTS_ENV_NAME', 'riskalerts-prod')
param location = readEnvironmentVariable('RISKALERTS_LOCATION', 'eastasia')

// Without a real app registration id the API rejects every token (fails closed).
param authClientId = readEnvironmentVariable('RISKALERTS_AUTH_CLIENT_ID', '00000000-0000-0000-0000-000000000000')

param serviceBusSku = 'Premium'
param zoneRedundant = true
param functionMaximumInstanceCount = 200
param consumerMinReplicas = 1
param consumerMaxReplicas = 30
param smsProvider = 'aliyun'
param smsSignName = readEnvironmentVariable('RISKALERTS_SMS_SIGN_NAME', '')
param smsTemplateCode = readEnvironmentVariable('RISKALERTS_SMS_TEMPLATE_CODE', '')
param smsAppId = readEnvironmentVariable('RISKALERTS_SMS_APP_ID', '')
param emailHost = readEnvironmentVariable('RISKALERTS_EMAIL_HOST', '')
param emailFromAddress = readEnvironmentVariable('RISKALERTS_EMAIL_FROM_ADDRESS', '')
param emailUserName = readEnvironmentVariable('RISKALERTS_EMAIL_USER_NAME', '')
param secretsReady = bool(readEnvironmentVariable('RISKALERTS_SECRETS_READY', 'false'))
param logRetentionInDays = 90
