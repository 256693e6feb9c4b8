package spec

import "github.com/specgate/specgate/generator/model"

// paramLevels remembers, for each parent path (parameter names blanked),
// the path parameter name the first path used at that level. API Gateway
// builds one REST API resource per level and allows one variable path part
// among siblings: /carts/{cartId}/items beside /carts/{cart_id}/metafields
// fails the import. lint's route-collision rule says the same. Parameters
// inside a segment (v{version}, {name}.json) are not API Gateway path
// parts at all and are left out.
type paramLevels map[string]struct{ name, path string }

// clash returns the path that already names the parameter at one of p's
// levels differently, with both names; "" when there is none.
func (lv paramLevels) clash(p string, segs []model.Segment) (prevPath, name, prevName string) {
	parent := ""
	for _, s := range segs {
		if s.Param != "" && s.Prefix == "" && s.Suffix == "" { // a whole path part: API Gateway's {name}
			if prev, ok := lv[parent]; !ok {
				lv[parent] = struct{ name, path string }{s.Param, p}
			} else if prev.name != s.Param && prevPath == "" {
				prevPath, name, prevName = prev.path, s.Param, prev.name
			}
		}
		parent += "/" + normalisePath([]model.Segment{s})[1:]
	}
	return prevPath, name, prevName
}
