// Service Bus namespace with the queue and topic the application uses (DESIGN.md section 5).
// Local (SAS) authentication is disabled: senders and receivers use Entra ID roles.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the Service Bus namespace.')
param name string

@description('Standard for development; Premium for production (isolation, zone redundancy, larger messages).')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

@description('Messaging units when the tier is Premium.')
@allowed([
  1
  2
  4
  8
  16
])
param premiumCapacity int = 1

@description('Zone redundancy; honoured only on Premium.')
param zoneRedundant bool = false

@description('Queue that carries one message per accepted warning.')
param warningsQueueName string

@description('Topic that carries delivery batches.')
param deliveriesTopicName string

@description('Application property that routes a delivery batch to its channel.')
param channelProperty string

@description('Subscriptions of the deliveries topic and the value of the channel property each one accepts.')
param channelSubscriptions {
  @description('Subscription name.')
  name: string
  @description('Value of the channel property that this subscription accepts.')
  channel: string
}[]

@description('Window in which a repeated MessageId is dropped (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT1H'

var isPremium = skuName == 'Premium'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: isPremium ? premiumCapacity : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    zoneRedundant: isPremium && zoneRedundant
    premiumMessagingPartitions: isPremium ? 1 : 0
  }
}

resource warningsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: warningsQueueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    maxDeliveryCount: 10
    lockDuration: 'PT30S'
    deadLetteringOnMessageExpiration: true
    enablePartitioning: false
    requiresSession: false
  }
}

resource deliveriesTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: deliveriesTopicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    enablePartitioning: false
    supportOrdering: false
  }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for sub in channelSubscriptions: {
    parent: deliveriesTopic
    name: sub.name
    properties: {
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      requiresSession: false
    }
  }
]

// Service Bus gives every subscription created through Resource Manager a rule named
// '$Default' with a TrueFilter (1=1). A second, differently named rule would be OR-ed with it
// and the subscription would still receive every channel. Writing the '$Default' rule itself
// replaces the TrueFilter, so the correlation filter is the only rule, whatever the order of
// creation and on every redeployment.
resource channelRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (sub, i) in channelSubscriptions: {
    parent: subscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: {
          '${channelProperty}': sub.channel
        }
      }
    }
  }
]

output name string = namespace.name
output id string = namespace.id
// serviceBusEndpoint is https://<name>.servicebus.<cloud suffix>:443/; the clients want the host name only.
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output warningsQueueName string = warningsQueue.name
output deliveriesTopicName string = deliveriesTopic.name
