// One user-assigned identity per workload, so that each gets only the roles it needs.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Identity of the Function App (HTTP intake, status API, timers).')
param functionIdentityName string

@description('Identity of the consumer host (planner, SMS sender, email sender) and its KEDA scale rules.')
param consumerIdentityName string

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: functionIdentityName
  location: location
  tags: tags
}

resource consumerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: consumerIdentityName
  location: location
  tags: tags
}

output functionIdentityName string = functionIdentity.name
output functionIdentityId string = functionIdentity.id
output functionIdentityClientId string = functionIdentity.properties.clientId
output functionIdentityPrincipalId string = functionIdentity.properties.principalId
output consumerIdentityName string = consumerIdentity.name
output consumerIdentityId string = consumerIdentity.id
output consumerIdentityClientId string = consumerIdentity.properties.clientId
output consumerIdentityPrincipalId string = consumerIdentity.properties.principalId
