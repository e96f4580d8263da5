package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The region map drawn from synthetic FILE_MAP rows. */
class RegionMapTest {

    private static RegionMap.Region used(long start, long length, String owner) {
        return new RegionMap.Region(start, length, "USED", owner);
    }

    private static RegionMap.Region free(long start, long length) {
        return new RegionMap.Region(start, length, "FREE", null);
    }

    @Test
    void eachCellShowsWhoHoldsMostOfIt() {
        List<RegionMap.Region> regions = List.of(new RegionMap.Region(0, 64, "HEADER", null),
                used(64, 192, "CATALOG"), used(256, 256, "TABLE PUBLIC.T"), free(512, 128), used(640, 128, "INDEX PUBLIC.I"),
                free(768, 256));
        List<String> lines = RegionMap.render(regions, 8, 64, false);
        assertThat(lines.get(0)).isEqualTo("1.0 KiB in cells of 64 B (16 cells)");
        assertThat(lines.get(1)).isEqualTo("000 HAAABBBB");
        assertThat(lines.get(2)).isEqualTo("200 ..CC....");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("B  TABLE PUBLIC.T").contains("256 B").contains("25.0%"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(".  free").contains("384 B"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("H  file header"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(
                "free: 384 B in 2 regions (37.5% of the file), largest 256 B, fragmentation 33%");
    }

    @Test
    void aMixedCellTakesTheLargestShareAndGapsStayBlank() {
        List<RegionMap.Region> regions = List.of(used(0, 40, "CATALOG"), free(40, 24), used(128, 64, "LOB"));
        List<String> lines = RegionMap.render(regions, 8, 64, false);
        assertThat(lines.get(1)).isEqualTo("00 A B");
    }

    @Test
    void adjacentFreeRegionsCountAsOneHole() {
        assertThat(RegionMap.fragmentation(List.of(used(0, 10, "X"), free(10, 10), free(20, 10), used(30, 10, "X")), 40))
                .isEqualTo("free: 20 B in 1 region (50.0% of the file), largest 20 B, fragmentation 0%");
        assertThat(RegionMap.fragmentation(List.of(used(0, 10, "X")), 10)).isEqualTo("free: none (10 B all in use)");
    }

    @Test
    void theCellSizeIsChosenToFitAndColoursAreOptional() {
        List<RegionMap.Region> regions = List.of(used(0, 1 << 20, "TABLE PUBLIC.BIG"), free(1 << 20, 1 << 20));
        List<String> lines = RegionMap.render(regions, 64, 0, false);
        assertThat(lines.get(0)).isEqualTo("2.0 MiB in cells of 2.0 KiB (1024 cells)");
        assertThat(lines.stream().filter(l -> l.matches("[0-9a-f]+ .*")).count()).isEqualTo(16);
        assertThat(String.join("\n", RegionMap.render(regions, 64, 0, true))).contains("\u001b[30;41mA\u001b[0m");
    }

    @Test
    void anEmptyFileSaysSo() {
        assertThat(RegionMap.render(List.of(), 64, 0, false)).containsExactly("the file holds no regions");
    }
}
