// Key Vault for the SMS provider credentials, the receipt secret and the SMTP password. Access is through Azure RBAC only (no access
// policies); purge protection keeps a deleted secret recoverable for the retention period.
// The secret values are set by an operator (see infra/README.md), never by this template.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
