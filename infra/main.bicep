// RiskAlerts: Azure resources for one environment (dev, prod, ...).
// Deployed at subscription scope so that azd (or `az deployment sub create`) creates the
// resource group too. Everything below the resource group lives in small modules.

targetScope = 'subscription'

@minLength(1)
@maxLength(20)
@description('Environment name (azd AZURE_ENV_NAME); part of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@minLength(36)
@maxLength(36)
@description('Application (client) id of the Entra ID app registration that protects the API and defines the app roles. See infra/README.md.')
param authClientId string

@allowed([
  'Standard'
  'Premium'
])
@description('Service Bus tier: Standard for development, Premium for production.')
param serviceBusSku string = 'Standard'

@description('Spread Service Bus (Premium) and storage (ZRS) over availability zones.')
param zoneRedundant bool = false

@description('Upper bound on Function App instances.')
param functionMaximumInstanceCount int = 100

@minValue(0)
@description('Consumer host replicas kept running; 0 scales to zero when the queues are empty.')
param consumerMinReplicas int = 0

@minValue(1)
@description('Upper bound on consumer host replicas.')
param consumerMaxReplicas int = 10

@description('Consumer host image; azd deploy (or az containerapp update --image) replaces the placeholder.')
param consumerImage string = 'mcr.microsoft.com/k8se/quickstart:latest'

@allowed([
  'aliyun'
  'tencent'
])
@description('SMS provider the SMS sender talks to; also its name in receipts (/api/receipts/sms/<name>), pauses and delivery records.')
param smsProvider string = 'aliyun'

@description('Registered SMS signature (签名) approved by the provider.')
param smsSignName string = ''

@description('Approved SMS template code (模板) for warnings: Aliyun SMS_..., Tencent template id.')
param smsTemplateCode string = ''

@description('Approved SMS template code (模板) for contact verification codes, a template of the provider\'s verification-code type with variables code and minutes; empty: the warnings\' template is used, which the provider may refuse for a code.')
param smsVerificationTemplateCode string = ''

@description('Tencent SmsSdkAppId (Tencent only).')
param smsAppId string = ''

@description('SMTP server the email sender sends through.')
param emailHost string = ''

@description('SMTP port (STARTTLS is required).')
param emailPort int = 587

@description('Sender address of the warning emails.')
param emailFromAddress string = ''

@description('SMTP user; empty sends without authentication (then no password secret is referenced).')
param emailUserName string = ''

@description('NCRONTAB schedule of the outbox sweep (re-publishes accepted warnings that never reached the queue).')
param outboxSweepSchedule string = '0 */1 * * * *'

@description('NCRONTAB schedule of the completion sweep (moves a Delivering warning with nothing pending to Completed).')
param completionSweepSchedule string = '*/15 * * * * *'

@description('NCRONTAB schedule of the retention run (pseudonymises delivery rows older than Retention__DeliveryRowsAfter, 180 days by default).')
param retentionSchedule string = '0 0 19 * * *'

@description('How long an enterprise has to acknowledge an Extreme warning before it goes to its next contacts (TimeSpan, 1 minute to 1 day; empty: no escalation, every contact at once).')
param escalationExtreme string = '00:10:00'

@description('The same for Severe warnings.')
param escalationSevere string = '00:30:00'

@description('The addresses (IP addresses or CIDR networks) the SMS provider pushes its receipts and replies from, as it publishes them; empty accepts callbacks from anywhere that carry the secret.')
param smsCallbackSources array = []

@description('True once the secrets exist in Key Vault (see infra/README.md): the Container App then resolves them at start. A Container App revision fails if a referenced secret is missing.')
param secretsReady bool = false

@description('Log retention in days.')
param logRetentionInDays int = 30

// Entity and table names: the single source for creating them and for the settings the code reads.
var names = loadJsonContent('names.json')

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'riskalerts'
}
var resourceNames = {
  functionIdentity: 'id-func-${resourceToken}'
  consumerIdentity: 'id-consumers-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  serviceBus: 'sb-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  registry: 'cr${resourceToken}'
  functionPlan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  containerAppsEnvironment: 'cae-${resourceToken}'
  consumerApp: 'ca-consumers-${resourceToken}'
}
var channelSubscriptions = [
  {
    name: names.messaging.smsSubscription
    channel: names.messaging.smsChannel
  }
  {
    name: names.messaging.emailSubscription
    channel: names.messaging.emailChannel
  }
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'app/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    functionIdentityName: resourceNames.functionIdentity
    consumerIdentityName: resourceNames.consumerIdentity
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: resourceNames.logAnalytics
    applicationInsightsName: resourceNames.applicationInsights
    retentionInDays: logRetentionInDays
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: resourceNames.storage
    skuName: zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'
    deploymentContainerName: resourceNames.deploymentContainer
    tableNames: [
      names.tables.warnings
      names.tables.subscriptions
      names.tables.enterprises
      names.tables.deliveries
      names.tables.idempotency
      names.tables.operations
    ]
    // The delivery rows of each of the application's 32 shards (DeliveryKeys.ShardCount) have a table of their own.
    deliveryShardTablePrefix: names.tables.deliveries
    deliveryShardCount: 32
  }
}

module serviceBus 'core/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    location: location
    tags: tags
    name: resourceNames.serviceBus
    skuName: serviceBusSku
    zoneRedundant: zoneRedundant
    warningsQueueName: names.messaging.warningsQueue
    deliveriesTopicName: names.messaging.deliveriesTopic
    channelProperty: names.messaging.channelProperty
    channelSubscriptions: channelSubscriptions
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: resourceNames.keyVault
  }
}

module registry 'core/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: resourceNames.registry
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [
    identities
    storage
    serviceBus
    monitoring
    keyVault
    registry
  ]
  params: {
    functionIdentityName: resourceNames.functionIdentity
    consumerIdentityName: resourceNames.consumerIdentity
    storageAccountName: resourceNames.storage
    serviceBusNamespaceName: resourceNames.serviceBus
    warningsQueueName: names.messaging.warningsQueue
    deliveriesTopicName: names.messaging.deliveriesTopic
    applicationInsightsName: resourceNames.applicationInsights
    keyVaultName: resourceNames.keyVault
    containerRegistryName: resourceNames.registry
  }
}

// The SMS provider as the code configures it (Sms:Providers:0); Kind and Endpoint by provider.
var smsProviderProtocols = {
  aliyun: {
    kind: 'Aliyun'
    endpoint: 'https://dysmsapi.aliyuncs.com/'
  }
  tencent: {
    kind: 'Tencent'
    endpoint: 'https://sms.tencentcloudapi.com/'
  }
}

// Settings both hosts read; each adds its own identity's client id and what only it reads.
var sharedSettings = {
  ServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBus__credential: 'managedidentity'
  Tables__endpoint: storage.outputs.tableEndpoint
  Tables__credential: 'managedidentity'
  Messaging__WarningsQueue: names.messaging.warningsQueue
  Messaging__DeliveriesTopic: names.messaging.deliveriesTopic
  Messaging__SmsSubscription: names.messaging.smsSubscription
  Messaging__EmailSubscription: names.messaging.emailSubscription
  Storage__WarningsTable: names.tables.warnings
  Storage__SubscriptionsTable: names.tables.subscriptions
  Storage__EnterprisesTable: names.tables.enterprises
  Storage__DeliveriesTable: names.tables.deliveries
  Storage__IdempotencyTable: names.tables.idempotency
  Storage__OperationsTable: names.tables.operations
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  Telemetry__Exporter: 'AzureMonitor'
  // The API pauses and resumes providers by name; the sender sends through them.
  Sms__Providers__0__Name: smsProvider
  // The sender signs every SMS with it; the API shows the same text in a warning's evidence.
  Sms__Template__Signature: smsSignName
}

// Versionless secret URIs: a rotated secret is picked up without a redeployment.
var secretUri = {
  smsAccessKeyId: '${keyVault.outputs.uri}secrets/${names.secrets.smsAccessKeyId}'
  smsAccessKeySecret: '${keyVault.outputs.uri}secrets/${names.secrets.smsAccessKeySecret}'
  smsReceiptSecret: '${keyVault.outputs.uri}secrets/${names.secrets.smsReceiptSecret}'
  emailPassword: '${keyVault.outputs.uri}secrets/${names.secrets.emailPassword}'
  linkSigningKey: '${keyVault.outputs.uri}secrets/${names.secrets.linkSigningKey}'
  pseudonymKey: '${keyVault.outputs.uri}secrets/${names.secrets.pseudonymKey}'
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  dependsOn: [
    rbac
  ]
  params: {
    location: location
    tags: tags
    planName: resourceNames.functionPlan
    name: resourceNames.functionApp
    identityId: identities.outputs.functionIdentityId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: functionMaximumInstanceCount
    authClientId: authClientId
    // The provider posts its delivery receipts and replies with the shared secret, not with an Entra ID token.
    anonymousPaths: [
      '/api/health'
      '/api/receipts/sms/${smsProvider}'
      '/api/replies/sms/${smsProvider}'
      // An email's acknowledge, unsubscribe and verification links carry their own signed token and no session.
      '/api/acknowledge'
      '/api/unsubscribe'
      '/api/verify-contact'
    ]
    appSettings: union(sharedSettings, {
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identities.outputs.functionIdentityClientId
      ServiceBus__clientId: identities.outputs.functionIdentityClientId
      Tables__clientId: identities.outputs.functionIdentityClientId
      AZURE_CLIENT_ID: identities.outputs.functionIdentityClientId
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identities.outputs.functionIdentityClientId}'
      // App Service authentication removes any X-MS-CLIENT-PRINCIPAL a client sends and sets its own.
      Auth__TrustAppServicePrincipal: 'true'
      OutboxSweepSchedule: outboxSweepSchedule
      CompletionSweepSchedule: completionSweepSchedule
      RetentionSchedule: retentionSchedule
      'Receipts__Providers__${smsProvider}__Secret': '@Microsoft.KeyVault(SecretUri=${secretUri.smsReceiptSecret})'
      // The provider pushes receipts and replies in its own documented format.
      'Receipts__Providers__${smsProvider}__Format': smsProvider == 'aliyun' ? 'Aliyun' : 'Tencent'
    }, empty(smsCallbackSources) ? {} : { 'Receipts__Providers__${smsProvider}__AllowedSources': join(smsCallbackSources, ',') }, secretsReady ? {
      // The same key as the consumers': it checks the tokens of the links they signed.
      Links__SigningKey: '@Microsoft.KeyVault(SecretUri=${secretUri.linkSigningKey})'
      // Delivery rows past retention, and those of erased enterprises, keep this keyed hash of the address.
      Privacy__PseudonymKey: '@Microsoft.KeyVault(SecretUri=${secretUri.pseudonymKey})'
    } : {})
  }
}

module consumers 'app/consumers.bicep' = {
  name: 'consumers'
  scope: rg
  dependsOn: [
    rbac
  ]
  params: {
    location: location
    tags: tags
    environmentName: resourceNames.containerAppsEnvironment
    name: resourceNames.consumerApp
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
    identityId: identities.outputs.consumerIdentityId
    registryServer: registry.outputs.loginServer
    image: consumerImage
    minReplicas: consumerMinReplicas
    maxReplicas: consumerMaxReplicas
    serviceBusNamespaceName: serviceBus.outputs.name
    warningsQueueName: names.messaging.warningsQueue
    deliveriesTopicName: names.messaging.deliveriesTopic
    subscriptionNames: [
      names.messaging.smsSubscription
      names.messaging.emailSubscription
    ]
    settings: union(
      sharedSettings,
      {
        ServiceBus__clientId: identities.outputs.consumerIdentityClientId
        Tables__clientId: identities.outputs.consumerIdentityClientId
        AZURE_CLIENT_ID: identities.outputs.consumerIdentityClientId
        Sms__Providers__0__Kind: smsProviderProtocols[smsProvider].kind
        Sms__Providers__0__Endpoint: smsProviderProtocols[smsProvider].endpoint
        Sms__Providers__0__DefaultTemplate__ProviderTemplateId: smsTemplateCode
        Email__Host: emailHost
        Email__Port: string(emailPort)
        Email__StartTls: 'true'
        Email__FromAddress: emailFromAddress
        Email__UserName: emailUserName
        // The planner sends to each enterprise's first contacts and escalates after these windows.
        Escalation__Extreme: escalationExtreme
        Escalation__Severe: escalationSevere
      },
      smsProvider == 'tencent' ? { Sms__Providers__0__AppId: smsAppId } : {},
      // Our template code keeps its hyphen: Container Apps allow it in variable names, and .NET reads it as the dictionary key.
      empty(smsVerificationTemplateCode) ? {} : { 'Sms__Providers__0__Templates__contact-verification__ProviderTemplateId': smsVerificationTemplateCode },
      // Emails carry acknowledge and unsubscribe links once the key that signs them is in the vault.
      secretsReady
        ? {
            Email__AcknowledgeBaseUrl: 'https://${functions.outputs.defaultHostName}/api/acknowledge'
            Email__UnsubscribeBaseUrl: 'https://${functions.outputs.defaultHostName}/api/unsubscribe'
            Email__VerifyBaseUrl: 'https://${functions.outputs.defaultHostName}/api/verify-contact'
          }
        : {}
    )
    // Container Apps cannot read @Microsoft.KeyVault(...) settings; the secrets are Container App
    // secrets that reference Key Vault, exposed as the variables the code reads.
    vaultBackedSettings: secretsReady
      ? union(
          {
            Sms__Providers__0__KeyId: names.secrets.smsAccessKeyId
            Sms__Providers__0__KeySecret: names.secrets.smsAccessKeySecret
            Links__SigningKey: names.secrets.linkSigningKey
          },
          empty(emailUserName) ? {} : { Email__Password: names.secrets.emailPassword }
        )
      : {}
    keyVaultSecrets: secretsReady
      ? concat(
          [
            {
              name: names.secrets.smsAccessKeyId
              keyVaultUrl: secretUri.smsAccessKeyId
            }
            {
              name: names.secrets.smsAccessKeySecret
              keyVaultUrl: secretUri.smsAccessKeySecret
            }
            {
              name: names.secrets.linkSigningKey
              keyVaultUrl: secretUri.linkSigningKey
            }
          ],
          empty(emailUserName)
            ? []
            : [
                {
                  name: names.secrets.emailPassword
                  keyVaultUrl: secretUri.emailPassword
                }
              ]
        )
      : []
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output FUNCTION_APP_NAME string = functions.outputs.name
output FUNCTION_APP_URL string = 'https://${functions.outputs.defaultHostName}'
output CONTAINER_APP_NAME string = consumers.outputs.name
output CONTAINER_APPS_ENVIRONMENT_NAME string = consumers.outputs.environmentName
output KEY_VAULT_NAME string = keyVault.outputs.name
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
