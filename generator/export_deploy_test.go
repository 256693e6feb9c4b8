package generator

// GenerateDeploy exposes generateDeploy to the external tests.
var GenerateDeploy = generateDeploy
