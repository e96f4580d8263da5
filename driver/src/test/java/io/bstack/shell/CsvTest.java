package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.Test;

/** CSV lines written and read back: NULL, empty strings, quotes, commas and line breaks survive. */
class CsvTest {

    @Property(tries = 300)
    void everyRecordSurvivesARoundTrip(@ForAll @Size(min = 1, max = 6) List<@WithNull(0.2) String> first,
            @ForAll @Size(min = 1, max = 6) List<@WithNull(0.2) String> second) throws IOException {
        Csv csv = new Csv(new StringReader(Csv.line(first) + Csv.line(second)));
        List<String> a = csv.next();
        List<String> b = csv.next();
        assertThat(csv.next()).isNull();
        if (first.size() == 1 && first.get(0) == null) {
            assertThat(a).containsExactly((String) null); // a lone NULL is a blank line, read back as such
        } else {
            assertThat(a).isEqualTo(first);
        }
        assertThat(b).isEqualTo(second);
    }

    @Test
    void quotesOnlyWhatNeedsIt() {
        List<String> row = new ArrayList<>();
        row.add("plain");
        row.add(null);
        row.add("");
        row.add("a,b");
        row.add("say \"hi\"");
        row.add(" pad");
        assertThat(Csv.line(row)).isEqualTo("plain,,\"\",\"a,b\",\"say \"\"hi\"\"\",\" pad\"\n");
    }

    @Test
    void readsCrLfAndCountsLines() throws IOException {
        Csv csv = new Csv(new StringReader("a,b\r\n\"x\ny\",2\r\n"));
        assertThat(csv.next()).containsExactly("a", "b");
        assertThat(csv.line()).isEqualTo(2);
        assertThat(csv.next()).containsExactly("x\ny", "2");
        assertThat(csv.line()).isEqualTo(4);
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        Csv csv = new Csv(new StringReader("a\n\"open,1\n"));
        assertThatThrownBy(() -> {
            csv.next();
            csv.next();
        }).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }
}
