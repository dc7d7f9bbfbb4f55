package series_test

import (
	"fmt"
	"strings"

	"github.com/emergo/emergo/series"
)

// Read a small CSV, split it in time order, standardize with training
// statistics only, and cut forecasting windows from the training part.
func Example() {
	in := `date,close
2020-03-02,3090.23
2020-03-03,3003.37
2020-03-04,3130.12
2020-03-05,3023.94
2020-03-06,2972.37
2020-03-09,2746.56
2020-03-10,2882.23
2020-03-11,2741.38
`
	s, err := series.ReadCSV(strings.NewReader(in), "sp.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := s.LogReturns()
	sp, _ := r.SplitFrac(0.75, 0, 0.25, 2)
	z, _ := series.FitStandardizer(sp.Train)
	train, _ := z.Transform(sp.Train)
	w, _ := train.Windows(3, 1, 1)
	fmt.Printf("%d returns: %d train, %d test\n", r.Len(), sp.Train.Len(), sp.Test.Len())
	fmt.Printf("first return %.5f on %s\n", r.At(0, 0), r.Dates[0].Format("2006-01-02"))
	fmt.Printf("%d windows of 3 inputs and 1 target\n", w.Len())
	// Output:
	// 7 returns: 5 train, 2 test
	// first return -0.02851 on 2020-03-03
	// 2 windows of 3 inputs and 1 target
}
