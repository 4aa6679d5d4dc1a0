// The Function App (HTTP intake, status and operations API, timers) on the Flex Consumption
// plan, with App Service authentication (Entra ID) in front of every route but /api/health.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource; the azd service tag is added here.')
param tags object

@description('Name of the Flex Consumption (FC1) plan.')
param planName string

@description('Name of the Function App.')
param name string

@description('Resource id of the Function App user-assigned identity.')
param identityId string

@description('URL of the blob container Flex Consumption deploys the package from.')
param deploymentContainerUrl string

@description('Application settings (identity-based connections, entity names, Key Vault references).')
param appSettings object

@description('Maximum number of instances the plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Application (client) id of the Entra ID app registration that protects the API.')
param authClientId string

@description('Paths served without authentication (the platform health probe).')
param anonymousPaths string[] = [
  '/api/health'
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Settings as their own child resource: Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION, which functionAppConfig.runtime replaces.
resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// App Service authentication: a request without a valid Entra ID token gets 401 (an API has no
// login page to redirect to). The application reads the caller and its app roles from the
// X-MS-CLIENT-PRINCIPAL header that this layer adds.
resource auth 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
