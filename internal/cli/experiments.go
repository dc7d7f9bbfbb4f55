package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/experiment"
)

func (e *env) experimentsCmd() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "experiments",
		Short: "List the experiments a study can run (applications, adaptive models, foundation-model studies)",
		Long: `Experiments are registered studies beyond the system × model grid: the
applications (traffic, earthquakes, climate, markets, finance), step 5's
adaptive models and the foundation-model scaling and homogenization studies.
A study spec lists them under 'experiments:' with a kind, a label and
params; 'emergo experiments show KIND' prints a kind's default params.`,
		Example: "  emergo experiments list\n  emergo experiments show traffic-control",
	})
	cmd.AddCommand(e.experimentsListCmd(), e.experimentsShowCmd())
	return cmd
}

func (e *env) experimentsListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the registered experiment kinds",
		Args:  exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			type row struct {
				Kind        string `json:"kind"`
				Title       string `json:"title"`
				Description string `json:"description"`
			}
			var rows []row
			for _, n := range experiment.Names() {
				k, _ := experiment.Lookup(n)
				rows = append(rows, row{k.Name, k.Title, k.Description})
			}
			if asJSON {
				return writeJSON(e.stdout, rows)
			}
			tw := newTable(e.stdout)
			fmt.Fprintln(tw, "KIND\tTITLE")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\n", r.Kind, r.Title)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (e *env) experimentsShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show KIND",
		Short: "Show an experiment's description and default params",
		Args:  exactArgs(1, "one experiment kind"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			k, err := experiment.Lookup(args[0])
			if err != nil {
				return err
			}
			p, err := k.Decode(nil)
			if err != nil {
				return err
			}
			b, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				return err
			}
			var sb strings.Builder
			fmt.Fprintf(&sb, "%s: %s\n\n%s\n\ndefault params (JSON; in a spec write them as YAML under params:):\n%s\n", k.Name, k.Title, k.Description, b)
			_, err = fmt.Fprint(e.stdout, sb.String())
			return err
		}),
	}
}
