// Container registry for the consumer host image. No admin user and no anonymous pull:
// the Container App pulls with its managed identity (AcrPull).

@description('Location of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the registry (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param name string

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
@description('Registry tier.')
param skuName string = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = registry.name
output id string = registry.id
output loginServer string = registry.properties.loginServer
