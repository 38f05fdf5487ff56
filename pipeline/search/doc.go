// Package search answers queries of huashu's query language (docs/query.md) from the index
// that pipeline/index builds: it parses a query into a syntax tree (Parse), compiles the tree
// into bleve queries over the index's fields (Compile), runs it with facets, builds
// keyword-in-context lines from the stored text (KWIC), runs saved queries (queries/*.yml)
// and prints results as a table, JSON or CSV.
//
// Offsets: syntax-tree offsets are bytes into the query string; line and column are computed
// only when an error is reported, the column counting characters.
package search
