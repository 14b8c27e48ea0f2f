package org.hashify.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.hashify.kernel.engine.Hashifier;

/** A progress bar on a terminal, nothing elsewhere (the library writes control codes even into pipes). */
abstract class Progress implements Hashifier.Progress, AutoCloseable {
    static Progress none() {
        return new Progress() {
            @Override
            public void guestStarted(String guest, long units) {
            }

            @Override
            public void unitDone() {
            }

            @Override
            public void close() {
            }
        };
    }

    static Progress bar() {
        return new Progress() {
            private ProgressBar bar;

            @Override
            public void guestStarted(String guest, long units) {
                close();
                bar = new ProgressBarBuilder().setTaskName(guest).setInitialMax(units)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
            }

            @Override
            public void unitDone() {
                if (bar != null) {
                    bar.step();
                }
            }

            @Override
            public void close() {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
            }
        };
    }

    @Override
    public abstract void close();
}
