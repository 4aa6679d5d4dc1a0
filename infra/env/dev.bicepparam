// Development: Standard Service Bus, locally redundant storage, consumers scale to zero.
// az deployment sub create --location <region> --template-file infra/main.bicep --parameters infra/env/dev.bicepparam
using '../main.bicep'

param environmentName = readEnvironmentVariable('RISKALERTS_ENV_NAME', 'riskalerts-dev')
param location = readEnvironmentVariable('RISKALERTS_LOCATION', 'eastasia')

// Without a real app registration id the API rejects every token (fails closed).
param authClientId = readEnvironmentVariable('RISKALERTS_AUTH_CLIENT_ID', '00000000-0000-0000-0000-000000000000')

param serviceBusSku = 'Standard'
param zoneRedundant = false
param functionMaximumInstanceCount = 40
param consumerMinReplicas = 0
param consumerMaxReplicas = 3
param smsProvider = 'aliyun'
param smsSignName = readEnvironmentVariable('RISKALERTS_SMS_SIGN_NAME', '')
param smsTemplateCode = readEnvironmentVariable('RISKALERTS_SMS_TEMPLATE_CODE', '')
param smsAppId = readEnvironmentVariable('RISKALERTS_SMS_APP_ID', '')
param emailHost = readEnvironmentVariable('RISKALERTS_EMAIL_HOST', '')
param emailFromAddress = readEnvironmentVariable('RISKALERTS_EMAIL_FROM_ADDRESS', '')
param emailUserName = readEnvironmentVariable('RISKALERTS_EMAIL_USER_NAME', '')
param secretsReady = bool(readEnvironmentVariable('RISKALERTS_SECRETS_READY', 'false'))
param logRetentionInDays = 30
