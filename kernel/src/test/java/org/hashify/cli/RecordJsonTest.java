package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.hashify.kernel.engine.GuestPackages;
import org.hashify.kernel.engine.GuestReport;
import org.hashify.kernel.engine.RunReport;
import org.junit.jupiter.api.Test;

/** The run report written by jackson-core alone reads exactly as databind wrote it. */
class RecordJsonTest {
    @Test
    void aRunReportIsWrittenAsDatabindWritesIt() {
        RunReport report = new RunReport(false, "hardlink");
        GuestReport a = report.addGuest("a", "/vservers/a");
        a.regularFiles = 12_345;
        a.alreadyUnified = 12_000;
        a.alreadyUnifiedBytes = 5_000_000_000L;
        a.directories = 700;
        a.directoriesFromRecord = 650;
        a.packages = new GuestPackages("debian", "12", "dpkg", "os-release ID=debian", 42);
        GuestReport b = report.addGuest("b \"quoted\" \u00e9\n", "/vservers/b");
        b.failure = "guest b: root /vservers/b is on another filesystem";
        report.problem("guest b: a problem with a \\ backslash");
        report.addRefused("c", "/vservers/c", "guest c: no plugin for its package manager");
        RunReportView.View view = RunReportView.of(report, Path.of("/vservers/.hash"));
        assertEquals(Json.write(view), RecordJson.write(view));
    }

    @Test
    void whatItCannotWriteIsRefusedNotGuessed() {
        assertThrows(IllegalArgumentException.class, () -> RecordJson.write(new Object()));
    }
}
