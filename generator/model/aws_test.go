package model

import "testing"

// A user pool's issuer or discovery URL gives its region and ID; anything
// else (another host, a pool ID of another region, a path after it) names
// no pool. The discovery URL of an ARN's pool reads back as that pool.
func TestParseUserPoolURL(t *testing.T) {
	for u, want := range map[string]string{
		"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC1/.well-known/openid-configuration": "eu-west-1 eu-west-1_AbC1",
		"https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_X":                             "us-gov-west-1 us-gov-west-1_X",
		"https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC1":                                  "",
		"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC1/other":                            "",
		"http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC1":                                   "",
		"https://cognito-idp.eu-west-1.amazonaws.com.evil.example/eu-west-1_AbC1":                     "",
		"https://login.example.com/.well-known/openid-configuration":                                  "",
	} {
		region, id, ok := ParseUserPoolURL(u)
		got := ""
		if ok {
			got = region + " " + id
		}
		if got != want {
			t.Errorf("ParseUserPoolURL(%q) = %q, want %q", u, got, want)
		}
	}
	arn := "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC1"
	if region, id, ok := ParseUserPoolURL(UserPoolDiscoveryURL(arn)); !ok || region != "eu-west-1" || id != "eu-west-1_AbC1" {
		t.Errorf("the discovery URL of %s reads back as %q %q %v", arn, region, id, ok)
	}
}
