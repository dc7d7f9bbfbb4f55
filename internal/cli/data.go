package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/series"
)

func (e *env) dataCmd() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "data",
		Aliases: []string{"datasets"},
		Short:   "List the shipped real data sets or show and export one",
	})
	cmd.AddCommand(e.dataListCmd(), e.dataShowCmd())
	return cmd
}

func (e *env) dataListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the shipped data sets: name, rows, span, frequency, columns",
		Args:  exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			infos := data.List()
			if asJSON {
				return writeJSON(e.stdout, infos)
			}
			tw := newTable(e.stdout)
			fmt.Fprintln(tw, "NAME\tROWS\tFROM\tTO\tFREQUENCY\tCOLUMNS")
			for _, in := range infos {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", in.Name, in.Rows, day(in.Start), day(in.End),
					in.Frequency, truncate(strings.Join(in.Columns, ","), 48))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err := fmt.Fprintf(e.stdout, "%d data sets; 'emergo data show NAME' gives the details\n", len(infos))
			return err
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of the data sets' metadata)")
	return cmd
}

// dataShowJSON is the JSON form of data show: the metadata, the summary
// of each column, and the first rows.
type dataShowJSON struct {
	data.Info
	Summary []columnSummary  `json:"summary"`
	Head    []map[string]any `json:"head"`
}

// columnSummary is one column's statistics, or its labels when it is
// categorical.
type columnSummary struct {
	Column string `json:"column"`
	stats
	Levels []string `json:"levels,omitempty"`
}

func (e *env) dataShowCmd() *cobra.Command {
	var (
		asJSON bool
		rows   int
		out    string
	)
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a data set's metadata and first rows, or write it whole as CSV with --out",
		Long: `Show a data set's metadata (description, span, frequency, source,
licence), a summary of each column and its first rows. --out FILE writes the
whole series as CSV ("date" column, then the data columns); --out - writes it
to stdout instead of the description.`,
		Example: "  emergo data show sp500-returns\n  emergo data show co2 --out co2.csv",
		Args:    exactArgs(1, "one data set name"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if rows < 0 {
				return usagef("--rows must be non-negative, got %d", rows)
			}
			var of *outFile
			if out != "" && out != "-" {
				var err error
				if of, err = openOut(out); err != nil {
					return err
				}
				defer of.abort()
			}
			in, err := data.Describe(args[0])
			if err != nil {
				return dataErr(err)
			}
			s, err := data.Load(args[0])
			if err != nil {
				return dataErr(err)
			}
			switch {
			case out == "-":
				return s.WriteCSV(e.stdout)
			case of != nil:
				if err := of.commit(s.WriteCSV); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "%s: wrote %d rows of %d columns to %s\n", in.Name, s.Len(), s.Dim(), out)
				return nil
			case asJSON:
				return writeJSON(e.stdout, dataJSON(in, s, rows))
			}
			return writeDataText(e.stdout, in, s, rows)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the metadata, column summaries and first rows as JSON")
	cmd.Flags().IntVarP(&rows, "rows", "n", 10, "number of first rows to show")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the whole series as CSV to `FILE` (- for stdout)")
	return cmd
}

// dataErr drops the package prefix of the data package's errors ("data:
// unknown data set ...") since the tool prints its own.
func dataErr(err error) error {
	msg := err.Error()
	if m, ok := strings.CutPrefix(msg, "data: "); ok {
		return errors.New(m)
	}
	return err
}

// day formats a date; the zero time (an undated series) as "-".
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func dataJSON(in data.Info, s *series.Series, rows int) dataShowJSON {
	out := dataShowJSON{Info: in, Head: []map[string]any{}}
	for j, n := range s.Names {
		out.Summary = append(out.Summary, columnSummary{Column: n, stats: columnStats(s.X, s.Dim(), j), Levels: s.Levels[n]})
	}
	for i := 0; i < s.Len() && i < rows; i++ {
		r := map[string]any{}
		if s.Dates != nil {
			r["date"] = s.Dates[i].Format("2006-01-02T15:04:05Z07:00")
		} else {
			r["time"] = s.T[i]
		}
		for j, n := range s.Names {
			if _, cat := s.Levels[n]; cat {
				r[n] = s.Label(i, j)
			} else {
				r[n] = s.At(i, j)
			}
		}
		out.Head = append(out.Head, r)
	}
	return out
}

func writeDataText(w io.Writer, in data.Info, s *series.Series, rows int) error {
	fmt.Fprintf(w, "%s\n%s\n\n", in.Name, wrap(in.Description, 76, "  "))
	fmt.Fprintf(w, "  rows:      %d\n", in.Rows)
	fmt.Fprintf(w, "  span:      %s to %s\n", day(in.Start), day(in.End))
	fmt.Fprintf(w, "  frequency: %s\n", in.Frequency)
	fmt.Fprintf(w, "  source:    %s\n", in.Source)
	fmt.Fprintf(w, "  licence:   %s\n", in.License)
	fmt.Fprintf(w, "  file:      %s\n\n", in.File)

	tw := newTable(w)
	fmt.Fprintln(tw, "  COLUMN\tMEAN\tSTD\tMIN\tMAX\tLEVELS")
	for j, n := range s.Names {
		st := columnStats(s.X, s.Dim(), j)
		lv := ""
		if l, ok := s.Levels[n]; ok {
			lv = strings.Join(l, ",")
			fmt.Fprintf(tw, "  %s\t\t\t\t\t%s\n", n, lv)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t\n", n, num(st.Mean), num(st.Std), num(st.Min), num(st.Max))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rows == 0 {
		return nil
	}
	n := min(rows, s.Len())
	fmt.Fprintf(w, "\nFirst %d of %d rows:\n", n, s.Len())
	tw = newTable(w)
	head := "  time"
	if s.Dates != nil {
		head = "  date"
	}
	fmt.Fprintln(tw, head+"\t"+strings.Join(s.Names, "\t"))
	for i := 0; i < n; i++ {
		var b strings.Builder
		if s.Dates != nil {
			layout := "2006-01-02"
			if d := s.Dates[i]; d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
				layout = "2006-01-02 15:04:05"
			}
			b.WriteString("  " + s.Dates[i].Format(layout))
		} else {
			b.WriteString("  " + num(s.T[i]))
		}
		for j := range s.Names {
			b.WriteString("\t" + s.Label(i, j))
		}
		fmt.Fprintln(tw, b.String())
	}
	return tw.Flush()
}
