// TorchPrint: the text PyTorch prints for a tensor, an nn.Parameter and a dict, which the lesson
// shows beside the app's own tables. Every expected string below was printed by PyTorch 1.13.1
// (Debian 12's python3-torch) by tests/python/torch_print_cases.py, for the float32 values listed
// (written as the doubles they are exactly).
#include <QtTest>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "TorchPrint.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

struct Case {
    const char* name;
    bool parameter;  // repr(nn.Parameter(t)) rather than repr(t)
    int dims;
    int rows;
    int cols;
    std::vector<double> values;
    const char* printed;
};

const Case kCases[] = {
    {"nn.Embedding(3, 5) after manual_seed(42)",
     true,
     2,
     3,
     5,
     {0.33669036626815796, 0.12880940735340118, 0.23446236550807953, 0.23033303022384644,
      -1.1228563785552979, -0.18632829189300537, 2.2082014083862305, -0.637997031211853,
      0.46165722608566284, 0.2673508822917938, 0.5349046587944031, 0.809357225894928,
      1.110290288925171, -1.6897989511489868, -0.9889599084854126},
     "Parameter containing:\n"
     "tensor([[ 0.3367,  0.1288,  0.2345,  0.2303, -1.1229],\n"
     "        [-0.1863,  2.2082, -0.6380,  0.4617,  0.2674],\n"
     "        [ 0.5349,  0.8094,  1.1103, -1.6898, -0.9890]], requires_grad=True)"},
    {"one-hot", false, 1, 1, 3, {0.0, 0.0, 1.0}, "tensor([0., 0., 1.])"},
    {"one-hot matrix",
     false,
     2,
     4,
     4,
     {1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0},
     "tensor([[1., 0., 0., 0.],\n"
     "        [0., 1., 0., 0.],\n"
     "        [0., 0., 1., 0.],\n"
     "        [0., 0., 0., 1.]])"},
    {"20-entry one-hot wraps after 18",
     false,
     1,
     1,
     20,
     {0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
     "tensor([0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,\n"
     "        0., 0.])"},
    {"12 columns wrap after 8",
     false,
     2,
     2,
     12,
     {-1.3846737146377563, -0.8712361454963684,  -0.223365917801857,   1.7173614501953125,
      0.3188803195953369,  -0.42451897263526917, 0.3057209253311157,   -0.7745925188064575,
      -0.8371246457099915, -0.9223900437355042,  1.811317801475525,    0.16056492924690247,
      0.36724865436553955, 0.17541083693504333,  1.3851605653762817,   -0.44585201144218445,
      -1.20244562625885,   0.7078122496604919,   -1.0758858919143677,  0.5356546640396118,
      1.1753677129745483,  0.5611738562583923,   -0.45274803042411804, -0.771777868270874},
     "tensor([[-1.3847, -0.8712, -0.2234,  1.7174,  0.3189, -0.4245,  0.3057, -0.7746,\n"
     "         -0.8371, -0.9224,  1.8113,  0.1606],\n"
     "        [ 0.3672,  0.1754,  1.3852, -0.4459, -1.2024,  0.7078, -1.0759,  0.5357,\n"
     "          1.1754,  0.5612, -0.4527, -0.7718]])"},
    {"all positive: no sign space",
     false,
     1,
     1,
     3,
     {0.5, 1.25, 3.0625},
     "tensor([0.5000, 1.2500, 3.0625])"},
    {"ratio over 1000: scientific",
     false,
     1,
     1,
     3,
     {0.009999999776482582, 20.0, -3.5},
     "tensor([ 1.0000e-02,  2.0000e+01, -3.5000e+00])"},
    {"below 1e-4: scientific",
     false,
     1,
     1,
     2,
     {4.999999873689376e-05, 0.5},
     "tensor([5.0000e-05, 5.0000e-01])"},
    {"above 1e8: scientific",
     false,
     1,
     1,
     2,
     {1000000000.0, 1.5},
     "tensor([1.0000e+09, 1.5000e+00])"},
    {"integers far apart: scientific",
     false,
     1,
     1,
     2,
     {1.0, 5000.0},
     "tensor([1.0000e+00, 5.0000e+03])"},
    {"integers", false, 1, 1, 3, {-3.0, 0.0, 12.0}, "tensor([-3.,  0., 12.])"},
    {"not finite", false, 1, 1, 3, {nan, 1.5, -inf}, "tensor([   nan, 1.5000,   -inf])"},
    {"integers and infinity", false, 1, 1, 2, {2.0, inf}, "tensor([2., inf])"},
    {"negative zero", false, 1, 1, 2, {-0.0, 1.0}, "tensor([-0., 1.])"},
    {"all zero", false, 1, 1, 3, {0.0, 0.0, 0.0}, "tensor([0., 0., 0.])"},
    {"all zero matrix",
     true,
     2,
     2,
     2,
     {0.0, 0.0, 0.0, 0.0},
     "Parameter containing:\n"
     "tensor([[0., 0.],\n"
     "        [0., 0.]], requires_grad=True)"},
    {"empty vector", false, 1, 1, 0, {}, "tensor([])"},
    {"empty matrix", false, 2, 0, 5, {}, "tensor([], size=(0, 5))"},
    {"empty parameter",
     true,
     2,
     0,
     5,
     {},
     "Parameter containing:\n"
     "tensor([], size=(0, 5), requires_grad=True)"},
    {"suffix on a line of its own",
     true,
     2,
     1,
     8,
     {9.579717636108398, 1.4977970123291016, -2.0889391899108887, -3.8702094554901123,
      9.91237735748291, 4.679030418395996, -2.049319267272949, -7.409071445465088},
     "Parameter containing:\n"
     "tensor([[ 9.5797,  1.4978, -2.0889, -3.8702,  9.9124,  4.6790, -2.0493, -7.4091]],\n"
     "       requires_grad=True)"},
    {"one long row",
     true,
     2,
     1,
     7,
     {3.618396520614624, 19.198991775512695, -2.253875494003296, -3.4169747829437256,
      3.0401275157928467, -6.890135765075684, -11.267184257507324},
     "Parameter containing:\n"
     "tensor([[  3.6184,  19.1990,  -2.2539,  -3.4170,   3.0401,  -6.8901, -11.2672]],\n"
     "       requires_grad=True)"},
};

RowMatrixXf matrixOf(const Case& c) {
    RowMatrixXf m(c.rows, c.cols);
    for (std::size_t i = 0; i < c.values.size(); ++i)
        m.data()[i] = static_cast<float>(c.values[i]);
    return m;
}

// ((i * 37) % 1001 - 500) / 250 in float32, as torch_print_cases.py makes them.
RowMatrixXf patterned(int rows, int cols) {
    RowMatrixXf m(rows, cols);
    for (int i = 0; i < rows * cols; ++i)
        m.data()[i] = static_cast<float>((i * 37) % 1001 - 500) / 250.0f;
    return m;
}

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

class TestTorchPrint : public QObject {
    Q_OBJECT
private slots:
    void printsAsPyTorch_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < int(std::size(kCases)); ++i)
            QTest::newRow(kCases[i].name) << i;
    }

    void printsAsPyTorch() {
        QFETCH(int, index);
        const Case& c = kCases[index];
        const RowMatrixXf m = matrixOf(c);
        std::string printed;
        if (c.parameter)
            printed = torchParameterRepr(m);
        else if (c.dims == 1)
            printed = torchVectorRepr(Eigen::RowVectorXf(Eigen::Map<const Eigen::RowVectorXf>(
                m.data(), static_cast<Eigen::Index>(c.values.size()))));
        else
            printed = torchMatrixRepr(m);
        QCOMPARE(text(printed), QString::fromUtf8(c.printed));
    }

    // The values of nn.Embedding(3, 5) after torch.manual_seed(42), the example everyone has seen:
    // four decimals, columns aligned, a space where a minus sign would go.
    void alignsColumnsWithASignSpace() {
        const std::string printed = torchParameterRepr(matrixOf(kCases[0]));
        QVERIFY(printed.find("tensor([[ 0.3367,  0.1288,  0.2345,  0.2303, -1.1229],\n"
                             "        [-0.1863,") != std::string::npos);
    }

    // More than 1000 values: three at each end around "...", and the format is chosen from the
    // values shown only.
    void summarisesLargeTensors() {
        Eigen::RowVectorXf range(2000);
        for (int i = 0; i < 2000; ++i)
            range[i] = static_cast<float>(i) / 7.0f;
        QCOMPARE(text(torchVectorRepr(range)),
                 QString::fromUtf8(
                     "tensor([0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 2.8529e+02, 2.8543e+02,\n"
                     "        2.8557e+02])"));
        QCOMPARE(
            text(torchParameterRepr(patterned(400, 5))),
            QString::fromUtf8(
                "Parameter containing:\n"
                "tensor([[-2.0000, -1.8520, -1.7040, -1.5560, -1.4080],\n"
                "        [-1.2600, -1.1120, -0.9640, -0.8160, -0.6680],\n"
                "        [-0.5200, -0.3720, -0.2240, -0.0760,  0.0720],\n"
                "        ...,\n"
                "        [-0.5120, -0.3640, -0.2160, -0.0680,  0.0800],\n"
                "        [ 0.2280,  0.3760,  0.5240,  0.6720,  0.8200],\n"
                "        [ 0.9680,  1.1160,  1.2640,  1.4120,  1.5600]], requires_grad=True)"));
        QCOMPARE(text(torchMatrixRepr(patterned(5, 300))),
                 QString::fromUtf8(
                     "tensor([[-2.0000, -1.8520, -1.7040,  ...,  1.9160, -1.9400, -1.7920],\n"
                     "        [-1.6440, -1.4960, -1.3480,  ..., -1.7320, -1.5840, -1.4360],\n"
                     "        [-1.2880, -1.1400, -0.9920,  ..., -1.3760, -1.2280, -1.0800],\n"
                     "        [-0.9320, -0.7840, -0.6360,  ..., -1.0200, -0.8720, -0.7240],\n"
                     "        [-0.5760, -0.4280, -0.2800,  ..., -0.6640, -0.5160, -0.3680]])"));
    }

    void printsDictionariesAsPython() {
        QCOMPARE(text(pythonIndexDictRepr({"I", "like", "dogs"})),
                 QString::fromUtf8("{'I': 0, 'like': 1, 'dogs': 2}"));
        // Quotes, backslashes and control characters (U+0085 is C2 85 in UTF-8) as repr()
        // escapes them; other letters as they are.
        const std::vector<std::string> words = {"don't",       "say \"hi\"", "both ' and \"",
                                                "back\\slash", "tab\there",  "line\nbreak",
                                                "bell\x07",    "c1\xc2\x85", "na\xc3\xafve"};
        QCOMPARE(
            text(pythonIndexDictRepr(words)),
            QString::fromUtf8(
                "{\"don't\": 0, 'say \"hi\"': 1, 'both \\' and \"': 2, 'back\\\\slash': 3, "
                "'tab\\there': 4, 'line\\nbreak': 5, 'bell\\x07': 6, 'c1\\x85': 7, 'naïve': 8}"));
    }
};

EMBEDSCOPE_TEST_MAIN(TestTorchPrint)
#include "tst_torchprint.moc"
