// The Japanese catalogue is complete: every message has a finished, non-empty translation
// (every plural form too), and every text the console's sources mark for translation (found by
// running lupdate over them) is in it. The English catalogue has both plural forms of every
// message that counts something (its other messages fall back to the English source text).
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    QString translationType;  // "", "unfinished", "vanished", "obsolete"
    QStringList translations; // the text, or each plural form
};

QList<TsMessage> readTs(const QByteArray &xml, QString *error)
{
    QList<TsMessage> messages;
    QXmlStreamReader reader(xml);
    QString context;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        if (reader.name() == QLatin1String("name")) {
            context = reader.readElementText();
        } else if (reader.name() == QLatin1String("message")) {
            TsMessage message;
            message.context = context;
            while (reader.readNextStartElement()) {
                if (reader.name() == QLatin1String("source")) {
                    message.source = reader.readElementText();
                } else if (reader.name() == QLatin1String("comment")) {
                    message.comment = reader.readElementText();
                } else if (reader.name() == QLatin1String("translation")) {
                    message.translationType =
                        reader.attributes().value(QLatin1String("type")).toString();
                    bool plural = false;
                    QString text;
                    while (!reader.atEnd()) {
                        reader.readNext();
                        if (reader.isCharacters())
                            text += reader.text();
                        else if (reader.isStartElement() &&
                                 reader.name() == QLatin1String("numerusform")) {
                            plural = true;
                            message.translations.append(reader.readElementText());
                        } else if (reader.isEndElement() &&
                                   reader.name() == QLatin1String("translation")) {
                            break;
                        }
                    }
                    if (!plural)
                        message.translations.append(text);
                } else {
                    reader.skipCurrentElement();
                }
            }
            messages.append(message);
        }
    }
    if (reader.hasError() && error)
        *error = reader.errorString();
    return messages;
}

// What keeps a catalogue from being complete, one line per message.
QStringList problemsOf(const QList<TsMessage> &messages)
{
    QStringList problems;
    for (const TsMessage &message : messages) {
        const QString where =
            message.context + QStringLiteral(": \"") + message.source + QLatin1Char('"');
        if (!message.translationType.isEmpty())
            problems.append(where + QStringLiteral(" is ") + message.translationType);
        else if (message.translations.isEmpty())
            problems.append(where + QStringLiteral(" has no translation"));
        else if (std::any_of(message.translations.begin(), message.translations.end(),
                             [](const QString &text) { return text.trimmed().isEmpty(); }))
            problems.append(where + QStringLiteral(" has an empty translation"));
    }
    return problems;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString key(const TsMessage &message)
{
    return message.context + QChar(0x1f) + message.source + QChar(0x1f) + message.comment;
}

QByteArray tsDocument(const QByteArray &messages)
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE TS>"
                             "<TS version=\"2.1\" language=\"ja_JP\"><context><name>Ctx</name>") +
           messages + QByteArrayLiteral("</context></TS>");
}

} // namespace

class TestTranslationsComplete : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkerFindsIncompleteMessages_data();
    void checkerFindsIncompleteMessages();
    void japaneseIsComplete();
    void japaneseCoversEverySourceText();
    void englishHasEveryPluralForm();
};

void TestTranslationsComplete::checkerFindsIncompleteMessages_data()
{
    QTest::addColumn<QByteArray>("messages");
    QTest::addColumn<int>("problems");
    QTest::newRow("finished") << QByteArray("<message><source>Quit</source>"
                                            "<translation>終了</translation></message>")
                              << 0;
    QTest::newRow("unfinished") << QByteArray("<message><source>Quit</source>"
                                              "<translation type=\"unfinished\">終了</translation>"
                                              "</message>")
                                << 1;
    QTest::newRow("empty") << QByteArray("<message><source>Quit</source>"
                                         "<translation></translation></message>")
                           << 1;
    QTest::newRow("vanished") << QByteArray("<message><source>Old</source>"
                                            "<translation type=\"vanished\">古い</translation>"
                                            "</message>")
                              << 1;
    QTest::newRow("plural with an empty form")
        << QByteArray("<message numerus=\"yes\"><source>%n rows</source><translation>"
                      "<numerusform></numerusform></translation></message>")
        << 1;
    QTest::newRow("plural complete")
        << QByteArray("<message numerus=\"yes\"><source>%n rows</source><translation>"
                      "<numerusform>%n 行</numerusform></translation></message>")
        << 0;
}

void TestTranslationsComplete::checkerFindsIncompleteMessages()
{
    QFETCH(QByteArray, messages);
    QFETCH(int, problems);
    QString error;
    const QList<TsMessage> read = readTs(tsDocument(messages), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(read.size(), 1);
    QCOMPARE(problemsOf(read).size(), problems);
}

void TestTranslationsComplete::japaneseIsComplete()
{
    const QByteArray xml = readFile(QStringLiteral(NECROCODE_TRANSLATIONS_DIR "/necrocode_ja.ts"));
    QVERIFY(!xml.isEmpty());
    QString error;
    const QList<TsMessage> messages = readTs(xml, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    const QStringList problems = problemsOf(messages);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslationsComplete::japaneseCoversEverySourceText()
{
    const QString lupdate = QStringLiteral(NECROCODE_LUPDATE);
    if (!QFile::exists(lupdate))
        QSKIP("lupdate is not installed (package qt6-l10n-tools)");
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh_ja.ts"));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(lupdate, {QStringLiteral("-silent"), QStringLiteral("-locations"),
                            QStringLiteral("none"), QStringLiteral(NECROCODE_SOURCE_DIR "/ui"),
                            QStringLiteral(NECROCODE_SOURCE_DIR "/app/console"),
                            QStringLiteral("-ts"), fresh});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAll().constData());

    QSet<QString> translated;
    for (const TsMessage &message :
         readTs(readFile(QStringLiteral(NECROCODE_TRANSLATIONS_DIR "/necrocode_ja.ts")), nullptr))
        translated.insert(key(message));
    QStringList missing;
    const QList<TsMessage> sources = readTs(readFile(fresh), nullptr);
    QVERIFY(!sources.isEmpty());
    for (const TsMessage &message : sources) {
        if (!translated.contains(key(message)))
            missing.append(message.context + QStringLiteral(": \"") + message.source +
                           QLatin1Char('"'));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not in necrocode_ja.ts (run lupdate):\n") +
                        missing.join(QLatin1Char('\n'))));
}

void TestTranslationsComplete::englishHasEveryPluralForm()
{
    const QByteArray xml = readFile(QStringLiteral(NECROCODE_TRANSLATIONS_DIR "/necrocode_en.ts"));
    QVERIFY(!xml.isEmpty());
    QList<TsMessage> plurals;
    for (const TsMessage &message : readTs(xml, nullptr)) {
        if (message.source.contains(QLatin1String("%n")) ||
            message.source.contains(QLatin1String("%Ln"))) {
            QCOMPARE(message.translations.size(), 2);
            plurals.append(message);
        }
    }
    QVERIFY(!plurals.isEmpty());
    const QStringList problems = problemsOf(plurals);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestTranslationsComplete)
#include "test_translations_complete.moc"
