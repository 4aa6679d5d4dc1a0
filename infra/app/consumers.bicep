// The consumer host (planner, SMS sender, email sender) as a Container App without ingress,
// scaled from zero by KEDA's azure-servicebus scaler on the queue and on each subscription.
// The scaler authenticates with the app's user-assigned identity, so the namespace keeps
// local (SAS) authentication disabled.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource; the azd service tag is added to the app.')
param tags object

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the Container App.')
param name string

@description('Resource id of the Log Analytics workspace that receives the environment logs.')
param logAnalyticsWorkspaceId string

@description('Zone redundancy of the environment (needs a virtual network; off by default).')
param zoneRedundant bool = false

@description('Resource id of the consumer host user-assigned identity.')
param identityId string

@description('Login server of the registry the image is pulled from with the identity.')
param registryServer string

@description('Container image; the deployment replaces the placeholder with the built image.')
param image string

@description('Plain environment variables of the container (the same names as the Function App settings).')
param settings object

@description('Environment variables whose value comes from a Container App secret: variable name to secret name.')
param vaultBackedSettings object = {}

@description('Secrets resolved from Key Vault with the identity (name and secret URI).')
param keyVaultSecrets {
  @description('Container App secret name (lower case, digits and hyphens).')
  name: string
  @description('Versionless Key Vault secret URI.')
  keyVaultUrl: string
}[] = []

@description('Service Bus namespace name (without the domain) for the scale rules.')
param serviceBusNamespaceName string

@description('Queue the planner consumes.')
param warningsQueueName string

@description('Topic of delivery batches.')
param deliveriesTopicName string

@description('Subscriptions the channel senders consume.')
param subscriptionNames string[]

@description('Replicas kept warm; 0 lets the host scale to zero.')
@minValue(0)
param minReplicas int = 0

@description('Upper bound on replicas.')
@minValue(1)
@maxValue(300)
param maxReplicas int = 10

@description('Active messages per replica before KEDA adds one.')
param messagesPerReplica int = 20

@description('CPU cores per replica.')
param cpu string = '0.5'

@description('Memory per replica.')
param memory string = '1Gi'

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go to Azure Monitor through the diagnostic setting below, which needs no shared key.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    zoneRedundant: zoneRedundant
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

var queueRule = {
  name: 'queue-${warningsQueueName}'
  custom: {
    type: 'azure-servicebus'
    metadata: {
      namespace: serviceBusNamespaceName
      queueName: warningsQueueName
      messageCount: string(messagesPerReplica)
    }
    identity: identityId
  }
}

var subscriptionRules = [
  for subscriptionName in subscriptionNames: {
    name: 'topic-${deliveriesTopicName}-${subscriptionName}'
    custom: {
      type: 'azure-servicebus'
      metadata: {
        namespace: serviceBusNamespaceName
        topicName: deliveriesTopicName
        subscriptionName: subscriptionName
        messageCount: string(messagesPerReplica)
      }
      identity: identityId
    }
  }
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'consumers' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        for secret in keyVaultSecrets: {
          name: secret.name
          keyVaultUrl: secret.keyVaultUrl
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'consumers'
          image: image
          env: concat(
            map(items(settings), setting => { name: setting.key, value: string(setting.value) }),
            map(items(vaultBackedSettings), setting => { name: setting.key, secretRef: string(setting.value) })
          )
          resources: {
            cpu: json(cpu)
            memory: memory
          }
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: concat([queueRule], subscriptionRules)
      }
    }
  }
}

output name string = app.name
output environmentName string = environment.name
output latestRevisionName string = app.properties.latestRevisionName
