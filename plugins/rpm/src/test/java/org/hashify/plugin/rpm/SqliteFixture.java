package org.hashify.plugin.rpm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Writes SQLite rpm databases with the schema rpm 4.16+ uses, from header blobs made in code. */
final class SqliteFixture {
    private SqliteFixture() {}

    /** Creates {@code file} (and its directories) holding one Packages row per blob, hnum from 1. */
    static void write(Path file, List<byte[]> blobs) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
            insert(c, blobs);
        }
    }

    static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static void insert(Connection c, List<byte[]> blobs) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO Packages (blob) VALUES (?)")) {
            for (byte[] blob : blobs) {
                insert.setBytes(1, blob);
                insert.executeUpdate();
            }
        }
    }

    static byte[] header(String name, String... configFiles) {
        int[] zeros = new int[configFiles.length];
        int[] flags = new int[configFiles.length];
        List<String> dirs = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < configFiles.length; i++) {
            int slash = configFiles[i].lastIndexOf('/');
            dirs.add(configFiles[i].substring(0, slash + 1));
            bases.add(configFiles[i].substring(slash + 1));
            zeros[i] = i;
            flags[i] = 1;
        }
        return HeaderBuilder.pkg(name, dirs, zeros, bases, flags).build();
    }
}
