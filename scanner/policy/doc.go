// Package policy reads and checks Veil's YAML policy file.
package policy

import _ "gopkg.in/yaml.v3"
