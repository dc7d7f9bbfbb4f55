package data_test

import (
	"fmt"

	"github.com/emergo/emergo/data"
)

func ExampleLoad() {
	s, err := data.Load("SP500")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), "days from", s.Dates[0].Format("2006-01-02"), "to", s.Dates[s.Len()-1].Format("2006-01-02"))
	fmt.Println(s.Names)
	_, err = data.Load("sp5000")
	fmt.Println(err)
	// Output:
	// 5105 days from 2000-01-03 to 2020-04-17
	// [open high low close adjclose volume]
	// data: unknown data set "sp5000"; did you mean "sp500"? (data sets: sp500, sp500-returns, earthquakes, co2, global-temp, seattle-weather, stocks, stocks-msft, stocks-amzn, stocks-ibm, stocks-goog, stocks-aapl)
}
