package cli

// defaultDB is the results database of `emergo study` and the commands
// that read it.
const defaultDB = "emergo-results/emergo.db"
