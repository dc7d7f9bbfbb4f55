package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/system"
)

// allCategories are the categories the registry defines, whether or not a
// system of each is registered.
var allCategories = []system.Category{
	system.CatFlow, system.CatMap, system.CatDelay, system.CatPDE, system.CatLattice,
	system.CatStatPhys, system.CatMarket, system.CatTraffic, system.CatBiology,
	system.CatEpidemic, system.CatStochastic,
}

func (e *env) systemsCmd() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "systems",
		Aliases: []string{"system", "sys"},
		Short:   "List the catalogue of systems or show one system's metadata",
	})
	cmd.AddCommand(e.systemsListCmd(), e.systemsShowCmd(), e.systemsTableCmd())
	return cmd
}

func (e *env) systemsListCmd() *cobra.Command {
	var (
		category string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the catalogue: name, category, dimension and reference of every system",
		Long: `List the catalogue: name, category, observation dimension (at default
parameters) and a short reference of every system, sorted by name.
--json prints the full metadata of each system as an array of objects.`,
		Example: "  emergo systems list --category flow\n  emergo systems list --json",
		Args:    exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cat, err := parseCategory(category)
			if err != nil {
				return err
			}
			infos := system.List(cat)
			if asJSON {
				if infos == nil {
					infos = []system.Info{}
				}
				return writeJSON(e.stdout, infos)
			}
			return writeSystemsTable(e.stdout, infos, cat)
		}),
	}
	cmd.Flags().StringVarP(&category, "category", "c", "", "only systems of this `category` ("+categoryNames()+")")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of the systems' metadata)")
	return cmd
}

func categoryNames() string {
	s := make([]string, len(allCategories))
	for i, c := range allCategories {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// parseCategory validates a --category value ("" means all).
func parseCategory(s string) (system.Category, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	names := make([]string, len(allCategories))
	for i, c := range allCategories {
		if strings.EqualFold(string(c), s) {
			return c, nil
		}
		names[i] = string(c)
	}
	msg := fmt.Sprintf("unknown category %q", s)
	if sg := system.Suggest(s, names, 2); len(sg) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", sg[0])
	}
	return "", usagef("%s (categories: %s)", msg, strings.Join(names, ", "))
}

func writeSystemsTable(w io.Writer, infos []system.Info, cat system.Category) error {
	if len(infos) == 0 {
		if cat != "" {
			_, err := fmt.Fprintf(w, "no systems of category %q are registered\n", cat)
			return err
		}
		_, err := fmt.Fprintln(w, "no systems are registered")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "NAME\tCATEGORY\tDIM\tREFERENCE")
	for _, in := range infos {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", in.Name, in.Category, in.Dim, shortCitation(in.Citation, 40))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d systems; 'emergo systems show NAME' gives the details\n", len(infos))
	return err
}

func (e *env) systemsShowCmd() *cobra.Command {
	var (
		asJSON bool
		params []string
	)
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a system's metadata: parameters, initial condition, dt, observables, invariants, reference",
		Long: `Show a system's full metadata: its parameters with defaults, ranges and
meaning, initial condition, suggested sampling interval dt, dominant period,
observables, reference invariants with their sources, citation and
description. With --param the parameters are checked and shown with the
given values (and the dimension at those values).`,
		Example: "  emergo systems show Lorenz\n  emergo systems show KuramotoSivashinsky --param N=128 --json",
		Args:    exactArgs(1, "one system name"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			entry, vals, err := resolveParams(args[0], params)
			if err != nil {
				return err
			}
			in := entry.Info
			if len(params) > 0 {
				// Show the chosen values as the defaults, and the
				// dimension they give.
				in.Params = append([]system.Param(nil), in.Params...)
				for i := range in.Params {
					in.Params[i].Default = vals[in.Params[i].Name]
				}
				sys, err := entry.New(system.Config{Params: vals, Seed: 1})
				if err != nil {
					return err
				}
				in.Dim = sys.Dim()
				if len(in.Observables) != in.Dim {
					in.Observables = nil
				}
			}
			if asJSON {
				return writeJSON(e.stdout, in)
			}
			return writeSystemText(e.stdout, &in, len(params) > 0)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the metadata as a JSON object")
	addParamFlag(cmd.Flags(), &params)
	return cmd
}

func writeSystemText(w io.Writer, in *system.Info, given bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", in.Name, in.Category)
	if len(in.Aliases) > 0 {
		fmt.Fprintf(&b, "  aliases:     %s\n", strings.Join(in.Aliases, ", "))
	}
	var kind []string
	if in.Discrete {
		kind = append(kind, "discrete time")
	}
	if in.Stochastic {
		kind = append(kind, "stochastic (seeded)")
	} else {
		kind = append(kind, "deterministic")
	}
	if in.Jacobian {
		kind = append(kind, "analytic Jacobian")
	}
	fmt.Fprintf(&b, "  kind:        %s\n", strings.Join(kind, ", "))
	fmt.Fprintf(&b, "  dimension:   %d\n", in.Dim)
	fmt.Fprintf(&b, "  dt:          %s (sampling interval: one step)\n", num(in.DT))
	if in.Period > 0 {
		fmt.Fprintf(&b, "  period:      %s (dominant, time units)\n", num(in.Period))
	}
	if len(in.IC) > 0 {
		ic := in.IC
		more := ""
		if len(ic) > 12 {
			ic, more = ic[:12], fmt.Sprintf(" ... (%d values)", len(in.IC))
		}
		fmt.Fprintf(&b, "  initial:     %s%s\n", nums(ic), more)
	}
	if len(in.Observables) > 0 {
		obs := in.Observables
		more := ""
		if len(obs) > 16 {
			obs, more = obs[:16], fmt.Sprintf(", ... (%d in all)", len(in.Observables))
		}
		fmt.Fprintf(&b, "  observables: %s%s\n", strings.Join(obs, ", "), more)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if len(in.Params) == 0 {
		fmt.Fprintln(w, "\nParameters: none")
	} else {
		head := "DEFAULT"
		if given {
			head = "VALUE"
		}
		fmt.Fprintln(w, "\nParameters:")
		tw := newTable(w)
		fmt.Fprintf(tw, "  NAME\t%s\tRANGE\tMEANING\n", head)
		for _, p := range in.Params {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, num(p.Default), paramRange(p), p.Doc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(in.Invariants) > 0 {
		fmt.Fprintln(w, "\nReference invariants:")
		for _, v := range in.Invariants {
			fmt.Fprintf(w, "  %s = %s\n%s\n", v.Name, invValues(v.Values), wrap("source: "+v.Source, 74, "      "))
		}
	}
	fmt.Fprintf(w, "\nReference:\n%s\n", wrap(in.Citation, 76, "  "))
	if in.Description != "" {
		fmt.Fprintf(w, "\nDescription:\n%s\n", wrap(in.Description, 76, "  "))
	}
	return nil
}

func invValues(v []float64) string {
	if len(v) == 1 {
		return num(v[0])
	}
	return nums(v)
}

// paramRange formats a parameter's accepted range: "[min, max]",
// "integer in [min, max]", or "any" when unbounded.
func paramRange(p system.Param) string {
	r := "any"
	if p.Min != 0 || p.Max != 0 {
		r = "[" + num(p.Min) + ", " + num(p.Max) + "]"
	}
	if p.Integer {
		r = "integer " + r
	}
	return r
}
