package codebook

// updateFlag exposes -update to the external test package.
var UpdateFlag = func() bool { return *update }
