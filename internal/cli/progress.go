package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress display settings.
const (
	// barDelay is how long a run goes before a terminal bar appears, so
	// quick runs do not flicker.
	barDelay = 300 * time.Millisecond
	// barEvery is the minimum interval between redraws of the bar.
	barEvery = 100 * time.Millisecond
	barWidth = 30
	// logAfter is how long a run goes before plain progress lines are
	// written to a non-terminal stderr (one per tenth of the work).
	logAfter = time.Second
)

// progress shows how far a long run has got: a bar redrawn in place when
// w is a terminal, else a plain line at each tenth of the work once the
// run has lasted logAfter.
type progress struct {
	w        io.Writer
	tty      bool
	now      func() time.Time
	label    string
	start    time.Time
	lastDraw time.Time
	drawn    int // width of the bar line on screen, 0 when none
	nextTen  int // next tenth to log
	last     int // done at the last call
}

func newProgress(w io.Writer, tty bool, now func() time.Time, label string) *progress {
	return &progress{w: w, tty: tty, now: now, label: label, start: now(), nextTen: 1}
}

// update records that done of total units are complete.
func (p *progress) update(done, total int) {
	if total <= 0 || done == p.last {
		return
	}
	p.last = done
	t := p.now()
	el := t.Sub(p.start)
	frac := float64(done) / float64(total)
	if p.tty {
		if el < barDelay || (p.drawn > 0 && t.Sub(p.lastDraw) < barEvery && done < total) {
			return
		}
		p.lastDraw = t
		fill := int(frac * barWidth)
		line := fmt.Sprintf("%s [%s%s] %3.0f%% %d/%d %s%s", p.label,
			strings.Repeat("=", fill), strings.Repeat(" ", barWidth-fill),
			100*frac, done, total, dur(el.Round(time.Millisecond)), eta(el, frac))
		pad := ""
		if n := len([]rune(line)); n < p.drawn {
			pad = strings.Repeat(" ", p.drawn-n)
		}
		fmt.Fprintf(p.w, "\r%s%s", line, pad)
		p.drawn = max(p.drawn, len([]rune(line)))
		return
	}
	ten := int(frac * 10)
	if ten < p.nextTen || done >= total {
		return
	}
	p.nextTen = ten + 1
	if el < logAfter {
		return
	}
	fmt.Fprintf(p.w, "emergo: %s: %d%% (%d/%d steps, %s elapsed%s)\n", p.label, 10*ten, done, total,
		dur(el.Round(time.Millisecond)), eta(el, frac))
}

// relabel changes a terminal bar's label and redraws it (at the usual
// rate) without progress; a no-op in log mode.
func (p *progress) relabel(label string, total int) {
	if !p.tty || total <= 0 {
		return
	}
	p.label = label
	done := p.last
	p.last = -1
	p.update(done, total)
}

// finish clears the bar.
func (p *progress) finish() {
	if p.tty && p.drawn > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.drawn))
		p.drawn = 0
	}
}

// eta estimates the remaining time from the elapsed time and the fraction
// done.
func eta(el time.Duration, frac float64) string {
	if frac <= 0 || frac >= 1 {
		return ""
	}
	left := time.Duration(float64(el) * (1 - frac) / frac)
	return ", ~" + dur(left.Round(time.Millisecond)) + " left"
}
