// Every role assignment of the two workload identities, each scoped to the one resource it
// concerns (never the subscription or the resource group). Names are guid() of scope,
// principal and role, so a redeployment finds the same assignment.

@description('Name of the Function App user-assigned identity.')
param functionIdentityName string

@description('Name of the consumer host user-assigned identity.')
param consumerIdentityName string

@description('Storage account holding the tables, the Functions host state and the deployment container.')
param storageAccountName string

@description('Service Bus namespace.')
param serviceBusNamespaceName string

@description('Queue of accepted warnings.')
param warningsQueueName string

@description('Topic of delivery batches.')
param deliveriesTopicName string

@description('Application Insights component (local auth disabled).')
param applicationInsightsName string

@description('Key Vault holding the SMS provider credentials.')
param keyVaultName string

@description('Container registry the consumer host pulls its image from.')
param containerRegistryName string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
}

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: functionIdentityName
}

resource consumerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: consumerIdentityName
}

var functionPrincipalId = functionIdentity.properties.principalId
var consumerPrincipalId = consumerIdentity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource warningsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: warningsQueueName
}

resource deliveriesTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' existing = {
  parent: namespace
  name: deliveriesTopicName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: containerRegistryName
}

// ---- Function App identity ----

// Functions host state (AzureWebJobsStorage: locks, timer schedules) and the Flex Consumption
// deployment container both live in blobs of this account.
resource functionBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionIdentity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Warnings, Subscriptions, Enterprises, Deliveries, IdempotencyKeys and Operations.
resource functionTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionIdentity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Intake and the outbox sweep publish accepted warnings.
resource functionWarningsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(warningsQueue.id, functionIdentity.id, roles.serviceBusDataSender)
  scope: warningsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The operations API peeks the dead-letter sub-queues of the queue and of the topic's subscriptions.
resource functionWarningsReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(warningsQueue.id, functionIdentity.id, roles.serviceBusDataReceiver)
  scope: warningsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionDeliveriesReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deliveriesTopic.id, functionIdentity.id, roles.serviceBusDataReceiver)
  scope: deliveriesTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, functionIdentity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Resolves the Sms__ Key Vault references (the receipt callback verifies provider signatures).
resource functionSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionIdentity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Consumer host identity (also used by the KEDA scale rules) ----

// The planner receives warnings; KEDA reads the queue's message count.
resource consumerWarningsReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(warningsQueue.id, consumerIdentity.id, roles.serviceBusDataReceiver)
  scope: warningsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The SMS and email senders receive from the sms and email subscriptions; KEDA reads their counts.
resource consumerDeliveriesReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deliveriesTopic.id, consumerIdentity.id, roles.serviceBusDataReceiver)
  scope: deliveriesTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The planner publishes delivery batches; senders re-publish only the failed recipients.
resource consumerDeliveriesSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deliveriesTopic.id, consumerIdentity.id, roles.serviceBusDataSender)
  scope: deliveriesTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, consumerIdentity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, consumerIdentity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, consumerIdentity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerImagePull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, consumerIdentity.id, roles.acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}
